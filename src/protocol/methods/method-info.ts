// What a method says about itself to every layer that must not see the engine (the config schema, the form,
// the CLI's flags and recipe): pure data. Its engine part (head, run settings, phases) lives in
// train/methods/<name>/, which imports this descriptor; registry.ts lists the descriptors.

/** The settings a method's official recipe fixes beyond the schema's defaults. */
export type RecipeKey = 'lrHead' | 'lrEncoder' | 'weightDecay' | 'epochs' | 'schedule' | 'warmupSteps';

/**
 * How a method uses the text tower in training: 'trained' (FLYP: its scope's text blocks train), 'gradient'
 * (CoOp: frozen, but the context's gradient runs back through every text block), or 'none'.
 */
export type TextTowerUse = 'none' | 'trained' | 'gradient';

export interface MethodInfo {
  /** The name of `--method` and the config's `method`. */
  readonly name: string;
  /** One sentence for the method picker. */
  readonly hint: string;
  /** 'trained': the scope applies to the image encoder; 'frozen': the encoder stays as it was. */
  readonly encoder: 'trained' | 'frozen';
  /** Reparametrises the student (prompts, adapters, robust fine-tuning): ProReg's term can be added to it. */
  readonly student: boolean;
  /** What it trains instead of the encoder, in words for the Scope field (frozen-encoder methods only). */
  readonly trainsWords?: string;
  /** Its official recipe's values (the CLI applies them where no flag was given, the form on choosing it). */
  readonly recipe?: Readonly<Partial<Record<Exclude<RecipeKey, 'schedule'>, number> & { schedule: 'warmup-linear' | 'constant' | 'cosine' }>>;
  /** What training does with the text tower (the memory estimate counts it); absent: 'none'. */
  readonly textTower?: TextTowerUse;
  /** What its engine needs beyond the config: the tokenizer (methods that build prompts). */
  readonly needs?: { readonly tokenizer?: boolean };
}
