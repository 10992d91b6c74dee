// The exported project's README: what the folder holds and the exact commands for one process, one
// machine with N GPUs (torchrun) and several machines, then how the results go back into the studio.
import type { TorchProjectInput } from './torch-project';

function modelLine(p: TorchProjectInput): string {
  if (p.model.kind === 'hub') {
    return `The run used \`${p.model.repo}\` (revision \`${p.model.revision}\`) from the Hugging Face hub. Download it once, e.g.
\`git clone https://huggingface.co/${p.model.repo} model && git -C model checkout ${p.model.revision}\`
(or \`huggingface-cli download ${p.model.repo} --revision ${p.model.revision} --local-dir model\`), and pass \`--model model\`.
Another CLIP in the same layout (e.g. a ViT-L/14) works too: the prompts are kept as token ids and re-encoded by its text tower.`;
  }
  return `The run used the model folder \`${p.model.name}\`; pass that folder (or any Hugging Face CLIP folder, e.g. a ViT-L/14) with \`--model\`.`;
}

const METHOD_NOTES: Record<string, string> = {
  coop: 'CoOp trains its context vectors through the frozen text tower (`heads.py`, the prompts around them kept as token ids in `run.json`).',
  'clip-adapter': 'CLIP-Adapter trains its bottleneck on the frozen image features (`heads.py`).',
  'tip-adapter': 'Tip-Adapter builds its cache from the training images and, with a validation split, searches beta and alpha on it after training (`heads.py`); the summary line prints what it chose.',
  'tip-adapter-f': 'Tip-Adapter-F trains its cache keys and, with a validation split, searches beta and alpha on it after training (`heads.py`); the summary line prints what it chose.',
  flyp: 'FLYP fine-tunes both towers (the text tower within the same scope) and the logit scale with CLIP\'s contrastive loss between each image and its class prompt, taken over the whole batch (under torchrun the image features are gathered from every process), and evaluates with the fine-tuned text tower\'s zero-shot head (`heads.py`); `out/` holds both towers.',
  'lp-ft': 'LP-FT first trains the head alone (the probe epochs of `methodOptions.lpft`), then fine-tunes from the probed head; the step numbers run on through both.',
};

function methodLine(method: string): string {
  return METHOD_NOTES[method] ?? '';
}

export function projectReadme(p: TorchProjectInput): string {
  const c = p.config;
  const data = p.includeImages ? '' : ' --data DATA';
  return `# ${p.name}: a ProReg Studio run as a PyTorch project

\`train.py\` does what the studio did for this run (method \`${c.method}\`, scope \`${c.scope}\`, ${c.epochs} epochs,
batch ${c.batchSize} in micro-batches of ${c.microBatch}, seed ${c.seed}): the same preprocessing (Pillow bicubic resize,
centre crop, normalise), the same augmentation draws, losses with named per-sample parts, AdamW with the studio's
parameter groups, schedule, accumulation, evaluation per split and group, and the best-validation checkpoint.
It reads Hugging Face CLIP folders itself and needs only what \`requirements.txt\` lists (torch, torchvision, Pillow).
${methodLine(c.method)}

## Files
- \`run.json\`: method, scope, every hyperparameter, seed, class names, prompt templates and their token ids, the
  teacher's zero-shot head (W0 and the logit scale) as numbers.
- \`manifest.json\`: every image as a path relative to the data folder, its label, split and group.${p.includeImages ? ' The images are in `data/`.' : '\n  The images are not included: pass the folder they are in with `--data DATA`, or `--data DATA --rescan` to read\n  a folder of class subfolders (optionally under train/ val/ test/ ood/) instead of the manifest.'}
- \`train.py\` and its modules: \`clip_model.py\` (CLIP in plain PyTorch), \`heads.py\` (what each method trains after
  the image encoder), \`hf_folder.py\` (config, safetensors and .bin weights), \`images.py\` (preprocessing and RandAugment), \`losses.py\`, \`records.py\`, \`seeded.py\`, \`dataset.py\`.

## Model
${modelLine(p)}

## Run
One process (a GPU when there is one, else the CPU):

\`\`\`sh
pip install -r requirements.txt
python3 train.py --model MODEL${data} --metrics metrics.jsonl --out out
\`\`\`

One machine with N GPUs (each process takes its share of every batch; the result does not depend on N):

\`\`\`sh
torchrun --nproc_per_node N train.py --model MODEL${data} --metrics metrics.jsonl --out out
\`\`\`

Several machines (run on each, with its own \`--node_rank\`; MASTER is the first machine's address):

\`\`\`sh
torchrun --nnodes 2 --nproc_per_node 8 --node_rank 0 --master_addr MASTER --master_port 29500 \\
  train.py --model MODEL${data} --metrics metrics.jsonl --out out
\`\`\`

Without GPUs torchrun uses the gloo backend on CPU processes.

**torch 1.13 on Python 3.11** (Debian 12's \`python3-torch\`): its \`torchrun\` stops before starting any process
with \`AttributeError: 'NoneType' object has no attribute 'get'\`. The launcher cannot parse its own default
\`--redirects 0\` / \`--tee 0\` there (\`Std.from_str\` looks the value up by iterating an \`IntFlag\`, and Python 3.11
no longer yields the zero member; torch 2.0 fixed it). Give them any other value, as environment variables so
the command stays the same, or as options:

\`\`\`sh
export PET_REDIRECTS=1 PET_TEE=1   # or: torchrun --redirects 1 --tee 1 --nproc_per_node N ...
torchrun --nproc_per_node N train.py --model MODEL${data} --metrics metrics.jsonl --out out
\`\`\`

(Each worker's output then also goes to a log file, and lines on the console carry the worker's rank.) To change a setting
(more epochs, a larger batch), edit \`config\` in \`run.json\`. \`--sweep 0,0.25,0.5,0.75,1\` adds the evaluation-time
baselines after training: the output ensemble and WiSE-FT at those weights on the fine-tuned model (runs with the
cosine head: fine-tuning, KD, ProReg, the linear probe, LP-FT).

## Results
- \`metrics.jsonl\`: one JSON line per step (loss, the mean of every loss part, learning rates, per-sample values)
  and per evaluation (accuracy per split, class and group, confusion, per-sample predictions): the format of
  the studio's \`cli train\`.
- \`out/\`: the fine-tuned model in Hugging Face layout (\`model.safetensors\`, \`config.json\`, tokenizer and
  preprocessor files) with \`head.json\` (the trained head as the cosine head it amounts to, prompts and config).
- \`--logits FILE.json\` also writes the final evaluation's logits of every sample (\`{"ids": [...], "logits": [[...]]}\`),
  as the studio's \`cli train --logits\` does.

Back in the studio, "Import run" in the Training panel reads \`metrics.jsonl\` (with \`run.json\` for the settings):
the run appears in Live charts, Inspection and Comparison beside the browser's runs. From the command line:
\`npm run --silent cli -- import-run --metrics metrics.jsonl --run run.json\`.
`;
}
