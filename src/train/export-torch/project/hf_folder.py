# Hugging Face CLIP folders on disk: config.json, weights as model.safetensors, pytorch_model.bin or their
# sharded sets, and the tokenizer/preprocessing files. safetensors is read and written here directly (an
# 8-byte header length, a JSON header, raw little-endian data), so nothing beyond torch is needed.
import json
import os
import struct

import torch

DTYPES = {
    'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
    'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool,
}
SIDE_FILES = ['vocab.json', 'merges.txt', 'tokenizer_config.json', 'preprocessor_config.json']


def read_json(path, what):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        raise SystemExit(f'error: {what} {path} does not exist') from None
    except json.JSONDecodeError as e:
        raise SystemExit(f'error: {what} {path} is not valid JSON ({e.msg}, line {e.lineno})') from None


def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path} is not a safetensors file (too short)')
    (n,) = struct.unpack('<Q', data[:8])
    if n > len(data) - 8:
        raise ValueError(f'{path}: header length {n} runs past the end of the file')
    header = json.loads(data[8:8 + n])
    body = memoryview(data)[8 + n:]
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        dtype = DTYPES.get(info['dtype'])
        if dtype is None:
            raise ValueError(f'{path}: tensor {name} has unsupported dtype {info["dtype"]}')
        start, end = info['data_offsets']
        raw = bytearray(body[start:end])
        t = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info['shape'])
    return out


def write_safetensors(path, tensors, metadata):
    header, chunks, offset = {'__metadata__': metadata}, [], 0
    for name, t in tensors.items():
        b = t.detach().to('cpu', torch.float32).contiguous().numpy().tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)  # data starts 8-byte aligned
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for c in chunks:
            f.write(c)


def read_bin(path):
    try:
        obj = torch.load(path, map_location='cpu', weights_only=True)
    except Exception as e:  # weights_only refuses anything that is not plain tensors
        raise SystemExit(f'error: {path} is not a plain PyTorch weights file (refused to unpickle it: {e})') from None
    if isinstance(obj, dict) and 'state_dict' in obj and isinstance(obj['state_dict'], dict):
        obj = obj['state_dict']
    return obj


def read_weights(folder):
    """Every tensor of the folder's checkpoint, by Hugging Face name."""
    p = lambda n: os.path.join(folder, n)
    for single, index, reader in [('model.safetensors', 'model.safetensors.index.json', read_safetensors),
                                  ('pytorch_model.bin', 'pytorch_model.bin.index.json', read_bin)]:
        if os.path.exists(p(single)):
            return reader(p(single))
        if os.path.exists(p(index)):
            weight_map = read_json(p(index), 'shard index')['weight_map']
            out = {}
            for shard in sorted(set(weight_map.values())):
                out.update(reader(p(shard)))
            return out
    raise SystemExit(f'error: {folder} holds no model.safetensors, pytorch_model.bin or a sharded index of either')


def export_folder(out, src_folder, tensors, head):
    """The fine-tuned model in Hugging Face layout, plus head.json (the cosine head and prompts)."""
    os.makedirs(out, exist_ok=True)
    write_safetensors(os.path.join(out, 'model.safetensors'), tensors, {'format': 'pt', 'producer': 'proreg-studio-torch'})
    cfg = read_json(os.path.join(src_folder, 'config.json'), 'config')
    cfg['torch_dtype'] = 'float32'
    with open(os.path.join(out, 'config.json'), 'w', encoding='utf-8') as f:
        json.dump(cfg, f, indent=2)
    for name in SIDE_FILES:
        src = os.path.join(src_folder, name)
        if os.path.exists(src):
            with open(src, 'rb') as a, open(os.path.join(out, name), 'wb') as b:
                b.write(a.read())
    with open(os.path.join(out, 'head.json'), 'w', encoding='utf-8') as f:
        json.dump(head, f, indent=2)
