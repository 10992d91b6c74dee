import { describe, expect, it } from 'vitest';
import { parseGroups, splitCsvLine } from './parse-groups';

describe('parseGroups', () => {
  it('reads CSV with path or file columns in any order, quoted cells included', () => {
    expect(parseGroups('group,file\nrock,a.jpg\n"ice, indoor","b c.jpg"\n', 'g.csv')).toEqual({ 'a.jpg': 'rock', 'b c.jpg': 'ice, indoor' });
    expect(splitCsvLine('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
  });
  it('reads JSON objects and refuses other shapes', () => {
    expect(parseGroups('{"a.jpg": "rock", "b.jpg": 3}', 'g.json')).toEqual({ 'a.jpg': 'rock', 'b.jpg': '3' });
    expect(() => parseGroups('[1]', 'g.json')).toThrow(/object/);
    expect(() => parseGroups('name,x\na,b', 'g.csv')).toThrow(/header/);
  });
});
