# Images as the studio prepares them (src/data/preprocess.ts, src/data/augment.ts): Pillow decode,
# Resize(shortest side, bicubic) -> CenterCrop -> convert('RGB') -> ToTensor -> Normalize (openai/CLIP's
# transform), and for training RandomHorizontalFlip(0.5) + RandAugment(2, 9, 31 bins) before it, drawing
# every random choice from the studio's seeded generator in the studio's order.
import math

import torch
from PIL import Image
from torchvision.transforms import InterpolationMode, RandAugment
from torchvision.transforms import functional as TF
from torchvision.transforms.autoaugment import _apply_op

RESAMPLE = {3: InterpolationMode.BICUBIC, 2: InterpolationMode.BILINEAR}
OPS = ['Identity', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate', 'Brightness', 'Color', 'Contrast',
       'Sharpness', 'Posterize', 'Solarize', 'AutoContrast', 'Equalize']


class Preprocess:
    """A Hugging Face preprocessor_config.json, read with the studio's defaults and limits."""

    def __init__(self, j):
        size = j.get('size', 224)
        self.short = size if isinstance(size, int) else size.get('shortest_edge')
        if not isinstance(self.short, int):
            raise SystemExit(f'error: preprocessor_config.json: only size.shortest_edge or a number is supported, got {size}')
        crop = j.get('crop_size', self.short)
        self.crop = (crop, crop) if isinstance(crop, int) else (crop['height'], crop['width'])
        resample = j.get('resample', 3)
        if resample not in RESAMPLE:
            raise SystemExit(f'error: preprocessor_config.json: resample={resample} is not supported; use 3 (bicubic) or 2 (bilinear)')
        self.interpolation = RESAMPLE[resample]
        self.do_resize = j.get('do_resize', True)
        self.do_crop = j.get('do_center_crop', True)
        self.do_rescale = j.get('do_rescale', True)
        self.rescale = j.get('rescale_factor', 1 / 255)
        self.do_normalize = j.get('do_normalize', True)
        self.mean = j.get('image_mean', [0.48145466, 0.4578275, 0.40821073])
        self.std = j.get('image_std', [0.26862954, 0.26130258, 0.27577711])

    def __call__(self, img):
        """A decoded PIL image -> float32 (3, h, w)."""
        if self.do_resize:
            img = TF.resize(img, self.short, interpolation=self.interpolation)
        if self.do_crop:
            img = TF.center_crop(img, list(self.crop))
        x = TF.pil_to_tensor(img.convert('RGB'))  # (3, h, w) uint8
        if self.do_rescale:
            # ToTensor divides by 255 in float32; other factors multiply.
            x = x.float() / 255 if abs(self.rescale - 1 / 255) < 1e-12 else x.float() * self.rescale
        else:
            x = x.float()
        return TF.normalize(x, self.mean, self.std) if self.do_normalize else x


def decode(path):
    try:
        img = Image.open(path)
        img.load()
        return img
    except Exception as e:
        raise SystemExit(f'error: cannot read image {path}: {e}') from None


def draw_plan(rng, num_ops=2):
    """The random choices of one image's augmentation, in the studio's order: flip, then per op its index
    and, for signed ops, its sign. Drawn for every image of a batch, so each process stays in step."""
    flip = rng() < 0.5
    ops = []
    for _ in range(num_ops):
        op = OPS[min(math.floor(rng() * len(OPS)), len(OPS) - 1)]
        negative = op in SIGNED and rng() < 0.5
        ops.append((op, negative))
    return flip, ops


SIGNED = {'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate', 'Brightness', 'Color', 'Contrast', 'Sharpness'}


def augment(img, plan, magnitude=9, bins=31):
    """torchvision's RandAugment ops (nearest, fill 0) on an L or RGB image, following a drawn plan."""
    if img.mode not in ('L', 'RGB'):
        img = img.convert('RGB')  # RGBA loses alpha without premultiplication, as the studio's decode
    flip, ops = plan
    if flip:
        img = TF.hflip(img)
    for op, negative in ops:
        space = RandAugment._augmentation_space(None, bins, (img.height, img.width))
        values, _ = space[op]
        m = float(values[magnitude].item()) if values.ndim > 0 else 0.0
        img = _apply_op(img, op, -m if negative else m, interpolation=InterpolationMode.NEAREST, fill=None)
    return img


def pixels(paths, pre, plans=None):
    """Normalised pixels (n, 3, S, S) for image files; augmented by `plans` when given."""
    out = []
    for i, p in enumerate(paths):
        img = decode(p)
        if plans is not None:
            img = augment(img, plans[i])
        out.append(pre(img))
    return torch.stack(out) if out else torch.empty(0)
