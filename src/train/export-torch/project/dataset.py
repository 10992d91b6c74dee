# The run's images: the exported manifest (paths relative to the data folder, labels, splits, groups), or
# with --rescan a folder laid out as the studio's command line reads one (class subfolders, optionally under
# train/ val/ test/ ood/), with the validation split carved as the studio carves it.
import os
import re

from seeded import make_rng, with_validation_split

SPLIT_DIRS = {'train': 'train', 'val': 'val', 'valid': 'val', 'validation': 'val', 'test': 'test', 'ood': 'ood'}
IMAGE = re.compile(r'\.(png|jpe?g|webp|gif|bmp)$', re.I)


def from_manifest(manifest, root):
    """Samples with absolute paths under `root`; every file must be there."""
    # `index`: position here; `id`: the studio's sample id, which the records report.
    samples = [dict(s, index=i, id=s.get('id', i), path=os.path.join(root, *s['path'].split('/'))) for i, s in enumerate(manifest['samples'])]
    missing = [s['path'] for s in samples if not os.path.isfile(s['path'])]
    if missing:
        raise SystemExit(f'error: {len(missing)} of {len(samples)} images of the manifest are not under {root} '
                         f'(first: {", ".join(missing[:3])}). Pass the folder they are in with --data DIR, '
                         'or --rescan to read that folder as class subfolders instead of the manifest.')
    return samples


def _subdirs(d):
    return sorted(n for n in os.listdir(d) if not n.startswith('.') and os.path.isdir(os.path.join(d, n)))


def rescan(root, classes, val_fraction, seed):
    """Class subfolders of `root` named like the run's classes; the run's seeded validation split."""
    if not os.path.isdir(root):
        raise SystemExit(f'error: data folder {root} does not exist')
    top = _subdirs(root)
    split_dirs = [n for n in top if n.lower() in SPLIT_DIRS]
    roots = [(os.path.join(root, n), SPLIT_DIRS[n.lower()]) for n in split_dirs] or [(root, 'train')]
    samples = []
    for folder, split in roots:
        for cls in _subdirs(folder):
            if cls not in classes:
                raise SystemExit(f'error: {os.path.join(folder, cls)}: "{cls}" is not one of the run\'s classes ({", ".join(classes)})')
            for f in sorted(os.listdir(os.path.join(folder, cls))):
                if IMAGE.search(f):
                    samples.append({'index': len(samples), 'id': len(samples), 'path': os.path.join(folder, cls, f), 'label': classes.index(cls), 'split': split, 'group': None})
    if not samples:
        raise SystemExit(f'error: data folder {root} has no images in class subfolders')
    return with_validation_split(samples, val_fraction, make_rng(seed + 17))
