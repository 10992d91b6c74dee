// LP-FT: the fine-tuning phase trains the scope's encoder from the head a linear probe trained first (a
// head-only run, ProReg with the switch on, for the probe's epochs).
import { lpFt as info } from '../../../protocol/methods/lp-ft';
import type { MethodEngine } from '../method-engine';

export const lpFt: MethodEngine = {
  info,
  run: (_cfg, s) => s.encoder(s.studentLoss),
  firstPhase: (cfg, run) => ({ ...cfg, method: run.options.proreg ? 'proreg' : 'linear-probe', scope: 'head', epochs: run.options.lpft.probeEpochs }),
};
