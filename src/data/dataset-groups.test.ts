// Group files: CSV with quoted fields, plain JSON maps and BAR-style metadata objects.
import { describe, expect, it } from 'vitest';
import { groupFor, parseGroups } from './dataset-groups';

describe('parseGroups', () => {
  it('reads CSV with path/group columns in any order, quotes, CRLF and a BOM', () => {
    const csv = '\uFEFFgroup,Path,note\r\nrock,climbing/a.jpg,x\r\n"ice, wall","./climbing/b ""2"".jpg","multi\nline"\r\n\r\n';
    const g = parseGroups(csv, 'groups.csv');
    expect([...g]).toEqual([['climbing/a.jpg', 'rock'], ['climbing/b "2".jpg', 'ice, wall']]);
    expect(parseGroups('file,group\na.png,1', 'g.csv').get('a.png')).toBe('1');
  });

  it('names the line that is wrong', () => {
    expect(() => parseGroups('name,group\na,b', 'g.csv')).toThrow('g.csv line 1: the header needs a "path" (or "file") column and a "group" column; found "name", "group"');
    expect(() => parseGroups('path,group\na,b\n"c,d\n', 'g.csv')).toThrow('g.csv line 3: a quoted field is never closed');
    expect(() => parseGroups('path,group\na,b\nc\n', 'g.csv')).toThrow('g.csv line 3: expected 2 fields like the header, got 1');
    expect(() => parseGroups('path,group\na,b\n"multi\nline",\n', 'g.csv')).toThrow('g.csv line 3: empty group for multi\nline');
    expect(() => parseGroups('path,group\na,b\na,c\n', 'g.csv')).toThrow('g.csv line 3: a is in group "c" but line 2 put it in "b"');
    expect(() => parseGroups('path,group\n"a"x,b\n', 'g.csv')).toThrow(/line 2: unexpected text after a closing quote/);
    expect(() => parseGroups('', 'g.csv')).toThrow('g.csv is empty');
  });

  it('reads a JSON map of path or stem to group', () => {
    const g = parseGroups('{"climbing_0": "rock", "diving/d.jpg": 3}', 'groups.json');
    expect([...g]).toEqual([['climbing_0', 'rock'], ['diving/d.jpg', '3']]);
    expect(groupFor(g, 'bar/train/climbing_0.jpg')).toBe('rock');
    expect(groupFor(g, 'x/diving/d.jpg')).toBe('3');
    expect(groupFor(g, 'x/diving/e.jpg')).toBeUndefined();
    // Without a .json name, JSON is recognised by its first character.
    expect(parseGroups(' {"a": "b"}', 'groups.txt').get('a')).toBe('b');
  });

  it('derives groups from BAR metadata objects with a caller function, and names bad keys', () => {
    const meta = JSON.stringify({
      climbing_0: { cls: 'climbing', source: 'google', train: true },
      climbing_13: { cls: 'climbing', detail: { query: 'ice+wall+climbing' }, source: 'flickr' },
      climbing_107: { cls: 'climbing', detail: { file_name: 'climbing_35.jpg' }, source: 'imSitu' },
    });
    const groupOf = (_k: string, e: Record<string, unknown>) => {
      const q = (e.detail as { query?: string } | undefined)?.query;
      return q ? q.replace(/\+/g, ' ') : typeof e.source === 'string' ? e.source : null;
    };
    expect([...parseGroups(meta, 'metadata.json', { groupOf })]).toEqual([
      ['climbing_0', 'google'], ['climbing_13', 'ice wall climbing'], ['climbing_107', 'imSitu'],
    ]);
    expect(() => parseGroups(meta, 'metadata.json')).toThrow('metadata.json: "climbing_0" is an object; pass a groupOf function to derive its group');
    expect(() => parseGroups('{"a": [1]}', 'g.json')).toThrow('g.json: "a" must map to a group name (a string), got an array');
    expect(() => parseGroups('{"a": ""}', 'g.json')).toThrow('g.json: "a" has an empty group');
    expect(() => parseGroups('[1]', 'g.json')).toThrow(/expected an object.*got an array/);
    expect(() => parseGroups('{"a": ', 'g.json')).toThrow(/^g\.json is not valid JSON/);
  });
});
