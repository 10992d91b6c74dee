# CLIP's two towers in plain PyTorch, with parameter names exactly as Hugging Face's CLIPModel spells them,
# so a Hugging Face folder loads without a translation table and the fine-tuned model saves back in the
# same layout. Hyperparameters come from config.json and are checked against every tensor's shape.
# Letters: B batch, N tokens, D width, H heads, E embedding, L text length, S image side, P patch side.
import math

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS = {
    'quick_gelu': lambda x: x * torch.sigmoid(1.702 * x),
    'gelu': F.gelu,
}


class TowerConfig:
    def __init__(self, d, defaults, where):
        get = lambda k: d.get(k, defaults[k])
        self.width = get('hidden_size')
        self.mlp_width = get('intermediate_size')
        self.layers = get('num_hidden_layers')
        self.heads = get('num_attention_heads')
        self.eps = get('layer_norm_eps')
        self.act = get('hidden_act')
        if self.act not in ACTIVATIONS:
            raise ValueError(f'config.json: {where}.hidden_act "{self.act}" is not supported (quick_gelu or gelu)')
        if self.width % self.heads:
            raise ValueError(f'config.json: {where}.hidden_size {self.width} is not a multiple of its {self.heads} heads')


TEXT_DEFAULTS = dict(hidden_size=512, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=8,
                     max_position_embeddings=77, vocab_size=49408, hidden_act='quick_gelu', layer_norm_eps=1e-5)
VISION_DEFAULTS = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                       image_size=224, patch_size=32, hidden_act='quick_gelu', layer_norm_eps=1e-5)


class ClipConfig:
    """What config.json says, with the same defaults the studio applies."""

    def __init__(self, cfg):
        t, v = cfg.get('text_config') or {}, cfg.get('vision_config') or {}
        self.text = TowerConfig(t, TEXT_DEFAULTS, 'text_config')
        self.text.context = t.get('max_position_embeddings', 77)
        self.text.vocab = t.get('vocab_size', 49408)
        self.vision = TowerConfig(v, VISION_DEFAULTS, 'vision_config')
        self.vision.image_size = v.get('image_size', 224)
        self.vision.patch = v.get('patch_size', 32)
        self.projection = cfg.get('projection_dim', 512)


class Attention(nn.Module):
    def __init__(self, t):
        super().__init__()
        D = t.width
        self.heads = t.heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(D, D) for _ in range(4))

    def forward(self, x, mask=None):
        B, N, D = x.shape
        H = self.heads
        split = lambda y: y.view(B, N, H, D // H).transpose(1, 2)  # (B, H, N, D/H)
        q = split(self.q_proj(x)) * (D // H) ** -0.5
        k, v = split(self.k_proj(x)), split(self.v_proj(x))
        scores = q @ k.transpose(-1, -2)  # (B, H, N, N)
        if mask is not None:
            scores = scores + mask
        y = scores.softmax(-1) @ v  # (B, H, N, D/H)
        return self.out_proj(y.transpose(1, 2).reshape(B, N, D))


class Mlp(nn.Module):
    def __init__(self, t):
        super().__init__()
        self.fc1 = nn.Linear(t.width, t.mlp_width)
        self.fc2 = nn.Linear(t.mlp_width, t.width)
        self.act = ACTIVATIONS[t.act]

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Layer(nn.Module):
    def __init__(self, t):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(t.width, eps=t.eps)
        self.self_attn = Attention(t)
        self.layer_norm2 = nn.LayerNorm(t.width, eps=t.eps)
        self.mlp = Mlp(t)

    def forward(self, x, mask=None):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.mlp(self.layer_norm2(x))


class Encoder(nn.Module):
    def __init__(self, t):
        super().__init__()
        self.layers = nn.ModuleList(Layer(t) for _ in range(t.layers))


class VisionEmbeddings(nn.Module):
    def __init__(self, v):
        super().__init__()
        self.class_embedding = nn.Parameter(torch.zeros(v.width))
        self.patch_embedding = nn.Conv2d(3, v.width, v.patch, stride=v.patch, bias=False)
        self.position_embedding = nn.Embedding((v.image_size // v.patch) ** 2 + 1, v.width)

    def forward(self, pixels):  # (B, 3, S, S)
        B = pixels.shape[0]
        patches = self.patch_embedding(pixels).flatten(2).transpose(1, 2)  # (B, G*G, D)
        cls = self.class_embedding.expand(B, 1, -1)  # (B, 1, D)
        return torch.cat([cls, patches], 1) + self.position_embedding.weight  # (B, N, D)


class VisionTransformer(nn.Module):
    def __init__(self, v):
        super().__init__()
        self.embeddings = VisionEmbeddings(v)
        self.pre_layrnorm = nn.LayerNorm(v.width, eps=v.eps)  # "layrnorm": Hugging Face's spelling
        self.encoder = Encoder(v)
        self.post_layernorm = nn.LayerNorm(v.width, eps=v.eps)

    def prefix(self, pixels, first_block):
        """Pixels -> hidden states entering block `first_block` (B, N, D)."""
        x = self.pre_layrnorm(self.embeddings(pixels))
        for layer in self.encoder.layers[:first_block]:
            x = layer(x)
        return x

    def suffix(self, x, first_block):
        """Hidden states entering `first_block` -> post-LN class token (B, D)."""
        for layer in self.encoder.layers[first_block:]:
            x = layer(x)
        return self.post_layernorm(x[:, 0])


class TextEmbeddings(nn.Module):
    def __init__(self, t):
        super().__init__()
        self.token_embedding = nn.Embedding(t.vocab, t.width)
        self.position_embedding = nn.Embedding(t.context, t.width)


class TextTransformer(nn.Module):
    def __init__(self, t):
        super().__init__()
        self.embeddings = TextEmbeddings(t)
        self.encoder = Encoder(t)
        self.final_layer_norm = nn.LayerNorm(t.width, eps=t.eps)


class Clip(nn.Module):
    def __init__(self, cfg: ClipConfig):
        super().__init__()
        self.config = cfg
        self.text_model = TextTransformer(cfg.text)
        self.vision_model = VisionTransformer(cfg.vision)
        self.visual_projection = nn.Linear(cfg.vision.width, cfg.projection, bias=False)
        self.text_projection = nn.Linear(cfg.text.width, cfg.projection, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(100.0)))

    def image_features(self, pixels, first_block=0, hidden=None):
        """Image embeddings (B, E), not normalised; from `hidden` entering `first_block` when given."""
        v = self.vision_model
        x = v.prefix(pixels, first_block) if hidden is None else hidden
        return self.visual_projection(v.suffix(x, first_block))

    def text_features(self, ids, end_id):
        """Token id lists (start and end tokens included) -> text embeddings (B, E), pooled at the first end token."""
        L = max(len(s) for s in ids)
        if L > self.config.text.context:
            raise ValueError(f'a prompt has {L} tokens; the text tower takes at most {self.config.text.context}')
        dev = self.logit_scale.device
        tok = torch.zeros(len(ids), L, dtype=torch.long, device=dev)
        for b, s in enumerate(ids):
            tok[b, :len(s)] = torch.tensor(s)
        # The first end-of-text token (openai/CLIP's argmax over ids finds the same place).
        pool = [s.index(end_id) if end_id in s else len(s) - 1 for s in ids]
        return self.text_from_embeddings(self.text_model.embeddings.token_embedding(tok), pool)

    def text_from_embeddings(self, x, pool):
        """Token embeddings (B, L, D) -> text embeddings (B, E) read at pool[b]: the tower after its token
        table, so a prompt learner (CoOp) can put learned vectors in the sequence."""
        t = self.text_model
        B, L, _ = x.shape
        if L > self.config.text.context:
            raise ValueError(f'a prompt has {L} tokens; the text tower takes at most {self.config.text.context}')
        dev = x.device
        x = x + t.embeddings.position_embedding.weight[:L]  # (B, L, D)
        mask = torch.full((L, L), float('-inf'), device=dev).triu(1)  # causal: no token sees a later one
        for layer in t.encoder.layers:
            x = layer(x, mask)
        x = t.final_layer_norm(x)
        return self.text_projection(x[torch.arange(B, device=dev), torch.tensor(pool, device=dev)])  # (B, E)


def load_state(model: Clip, tensors):
    """Copies a Hugging Face checkpoint into the model: every parameter must be there with its shape; buffers
    such as position_ids are ignored; other unknown keys are named in the error."""
    own = model.state_dict()
    missing = [k for k in own if k not in tensors]
    unknown = [k for k in tensors if k not in own and not k.endswith('position_ids')]
    if missing or unknown:
        raise ValueError(f'the checkpoint does not match config.json: missing {missing[:5]}, unknown {unknown[:5]}')
    for k, p in own.items():
        if tuple(tensors[k].shape) != tuple(p.shape):
            raise ValueError(f'{k} has shape {list(tensors[k].shape)}, config.json implies {list(p.shape)}')
    model.load_state_dict({k: tensors[k].float() for k in own})
