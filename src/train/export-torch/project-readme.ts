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

export function projectReadme(p: TorchProjectInput): string {
  const c = p.config;
  const data = p.includeImages ? '' : ' --data DATA';
  return `# ${p.name}: a ProReg Studio run as a PyTorch project

\`train.py\` does what the studio did for this run (method \`${c.method}\`, scope \`${c.scope}\`, ${c.epochs} epochs,
batch ${c.batchSize} in micro-batches of ${c.microBatch}, seed ${c.seed}): the same preprocessing (Pillow bicubic resize,
centre crop, normalise), the same augmentation draws, losses with named per-sample parts, AdamW with the studio's
parameter groups, schedule, accumulation, evaluation per split and group, and the best-validation checkpoint.
It reads Hugging Face CLIP folders itself and needs only what \`requirements.txt\` lists (torch, torchvision, Pillow).

## Files
- \`run.json\`: method, scope, every hyperparameter, seed, class names, prompt templates and their token ids, the
  teacher's zero-shot head (W0 and the logit scale) as numbers.
- \`manifest.json\`: every image as a path relative to the data folder, its label, split and group.${p.includeImages ? ' The images are in `data/`.' : '\n  The images are not included: pass the folder they are in with `--data DATA`, or `--data DATA --rescan` to read\n  a folder of class subfolders (optionally under train/ val/ test/ ood/) instead of the manifest.'}
- \`train.py\` and its modules: \`clip_model.py\` (CLIP in plain PyTorch), \`hf_folder.py\` (config, safetensors and
  .bin weights), \`images.py\` (preprocessing and RandAugment), \`losses.py\`, \`records.py\`, \`seeded.py\`, \`dataset.py\`.

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

Without GPUs torchrun uses the gloo backend on CPU processes. (torch 1.13 on Python 3.11, as Debian 12 ships it,
cannot parse torchrun's default \`--redirects\`/\`--tee\`: add \`--redirects 1 --tee 1\` there.) To change a setting
(more epochs, a larger batch), edit \`config\` in \`run.json\`. \`--sweep 0,0.25,0.5,0.75,1\` adds the evaluation-time
baselines after training: the output ensemble and WiSE-FT at those weights on the fine-tuned model.

## Results
- \`metrics.jsonl\`: one JSON line per step (loss, the mean of every loss part, learning rates, per-sample values)
  and per evaluation (accuracy per split, class and group, confusion, per-sample predictions): the format of
  the studio's \`cli train\`.
- \`out/\`: the fine-tuned model in Hugging Face layout (\`model.safetensors\`, \`config.json\`, tokenizer and
  preprocessor files) with \`head.json\` (the trained cosine head, prompts and config).

Back in the studio, "Import run" in the Training panel reads \`metrics.jsonl\` (with \`run.json\` for the settings):
the run appears in Live charts, Inspection and Comparison beside the browser's runs. From the command line:
\`npm run --silent cli -- import-run --metrics metrics.jsonl --run run.json\`.
`;
}
