// What a method says about itself to every layer that must not see the engine (the config schema, the form,
// the CLI's flags and recipe): pure data. Its engine part (head, run settings, phases) lives in
// train/methods/<name>/, which imports this descriptor; registry.ts lists the descriptors.

/** The settings a method's official recipe fixes beyond the schema's defaults. */
export type RecipeKey = 'lrHead' | 'lrEncoder' | 'weightDecay' | 'epochs';

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
  readonly recipe?: Readonly<Partial<Record<RecipeKey, number>>>;
  /** What its engine needs beyond the config: the tokenizer (methods that build prompts). */
  readonly needs?: { readonly tokenizer?: boolean };
}
