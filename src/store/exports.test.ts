import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { evalResult } from './testing/fixtures';
import { metricsCsv, modelZip, safeName } from './exports';
import { emptyTable, type StepTable } from './metrics-store';

describe('exports', () => {
  it('zips the exported files under one folder named after the run', () => {
    const enc = new TextEncoder();
    const files = [
      { name: 'config.json', bytes: enc.encode('{"model_type":"clip"}').buffer as ArrayBuffer },
      { name: 'model.safetensors', bytes: new Uint8Array([1, 2, 3, 4]).buffer },
    ];
    const zip = modelZip('#1 proreg · full', files);
    expect(zip.name).toBe('1-proreg-full-model.zip');
    const back = unzipSync(zip.bytes);
    expect(Object.keys(back).filter((k) => !k.endsWith('/')).sort()).toEqual(['1-proreg-full-model/config.json', '1-proreg-full-model/model.safetensors']);
    expect(strFromU8(back['1-proreg-full-model/config.json'])).toBe('{"model_type":"clip"}');
    expect(Array.from(back['1-proreg-full-model/model.safetensors'])).toEqual([1, 2, 3, 4]);
    expect(safeName('///')).toBe('run');
  });

  it('writes one CSV: a header naming every column, step rows, then evaluation rows', () => {
    const t: StepTable = emptyTable();
    Object.assign(t, { step: [0, 1], epoch: [0, 0], loss: [2.5, 2], lrEncoder: [1e-5, 2e-5], lrHead: [1e-3, 1e-3], means: { ce: [1.5, 1.2], w: [NaN, 0.5] } });
    const withGroup = evalResult(2, 0.9);
    withGroup.splits[1].worstGroup = { group: 'ice', accuracy: 0.5 };
    const csv = metricsCsv(t, [evalResult(1, 0.8), withGroup], 2).trim().split('\n');
    expect(csv[0]).toBe('row,step,epoch,loss,mean_ce,mean_w,lr_encoder,lr_head,accuracy_train,accuracy_test,worst_group_accuracy_test');
    expect(csv[1]).toBe('step,0,0,2.5,1.5,,0.00001,0.001,,,');
    expect(csv[2]).toBe('step,1,0,2,1.2,0.5,0.00002,0.001,,,');
    expect(csv[3]).toBe('eval,1,0,,,,,,0.8,0.7000000000000001,');
    expect(csv[4]).toBe('final,2,0,,,,,,0.9,0.8,0.5');
    expect(csv.every((l) => l.split(',').length === 11)).toBe(true);
    expect(metricsCsv(null, []).trim()).toBe('row,step,epoch,loss,lr_encoder,lr_head');
  });
});
