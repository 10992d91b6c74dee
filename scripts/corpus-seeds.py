# Writes src/testing/corpus/seeds.json: the bad-input corpus's images that no npm encoder here can make
# (a CMYK JPEG with Adobe's APP14 marker, as Photoshop and print workflows save them), encoded by Pillow
# (Debian's python3-pil; Pillow's JpegImagePlugin writes CMYK with the Adobe marker). Every other case of the
# corpus is generated in TypeScript (src/testing/corpus/corpus-images.ts). Run: /usr/bin/python3 scripts/corpus-seeds.py
import base64
import io
import json
import pathlib

from PIL import Image

def cmyk_jpeg() -> bytes:
    w, h = 24, 16
    img = Image.new('CMYK', (w, h))
    img.putdata([((x * 10) % 256, (y * 15) % 256, ((x + y) * 5) % 256, 20) for y in range(h) for x in range(w)])
    buf = io.BytesIO()
    img.save(buf, 'JPEG', quality=90)
    return buf.getvalue()

out = pathlib.Path(__file__).resolve().parent.parent / 'src' / 'testing' / 'corpus' / 'seeds.json'
out.write_text(json.dumps({'generator': 'scripts/corpus-seeds.py (Pillow ' + Image.__version__ + ')', 'cmyk_jpeg': base64.b64encode(cmyk_jpeg()).decode()}, indent=1) + '\n')
print(out)
