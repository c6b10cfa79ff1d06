"""The embedding model semantic search ranks passages with: wordllama's, run on this machine.

wordllama's default model (256 dimensions, 16 MB) ships inside its wheel with its tokenizer;
nothing is downloaded. Its two files are read here directly: the tokenizer with `tokenizers`
(as wordllama does) and the weights, half-precision in a safetensors file, memory-mapped, so
every web worker shares one copy from the page cache instead of holding 50 MB of its own, and
wordllama itself (with its loader's imports, and the download it attempts when its tokenizer
is not where version 0.4 looks) is never imported while serving.

The model is static: a text's vector is the mean of its tokens' vectors. The tokenizer never
joins two words into one token, so a text's tokens are those of its words, taken one by one;
passages are embedded from a per-process cache of each word's tokens. Both give exactly
wordllama's vector of the text with its spaces collapsed (tested against `WordLlama.load`),
the cached one about ten times faster.
"""

import importlib.util
import json
import struct
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

MODEL = "l2_supercat"
DIMENSIONS = 256
WEIGHTS = f"{MODEL}_{DIMENSIONS}.safetensors"
TOKENIZER = f"{MODEL}_tokenizer_config.json"
TENSOR = "embedding.weight"
# What the vectors beside the index were made with: other vectors are rebuilt.
MODEL_ID = f"wordllama-{MODEL}-{DIMENSIONS}"
# Words whose tokens are kept per process (about 150 bytes each): the vocabulary of a large
# library. Past it the cache starts again.
WORD_CACHE_SIZE = 200_000


class Embedder:
    def __init__(self) -> None:
        self.tokenizer = Tokenizer.from_file(str(_package() / "tokenizers" / TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.table = _mapped_weights(_package() / "weights" / WEIGHTS)
        self._words: dict[str, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray | None:
        """The unit vector of a reader's question, or None when it has no words."""
        words = " ".join(text.split())
        if not words:
            return None
        ids = self.tokenizer.encode(words, add_special_tokens=False).ids
        return _unit(self._mean(ids))

    def passages(self, texts: Iterable[str]) -> np.ndarray:
        """Unit vectors of `texts` (one row each; a text without words gets zeros)."""
        texts = list(texts)
        rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self._ids(text.split())
            if ids:
                rows[row] = _unit(self._mean(ids))
        return rows

    def _ids(self, words: list[str]) -> list[int]:
        with self._lock:
            cached = self._words
            missing = list({w for w in words if w not in cached})
            if missing:
                if len(cached) + len(missing) > WORD_CACHE_SIZE:
                    cached.clear()
                encoded = self.tokenizer.encode_batch(missing, add_special_tokens=False)
                for word, encoding in zip(missing, encoded, strict=True):
                    cached[word] = tuple(encoding.ids)
            ids: list[int] = []
            for word in words:
                ids.extend(cached[word])
        return ids

    def _mean(self, ids: list[int]) -> np.ndarray:
        if not ids:
            return np.zeros(DIMENSIONS, dtype=np.float32)
        chosen = np.clip(np.asarray(ids, dtype=np.int64), 0, len(self.table) - 1)
        return self.table[chosen].astype(np.float32).mean(axis=0)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


@cache
def embedder() -> Embedder:
    return Embedder()


def _package() -> Path:
    """wordllama's folder, found without importing it."""
    found = importlib.util.find_spec("wordllama")
    if found is None or found.origin is None:
        raise ImportError("wordllama is not installed")
    return Path(found.origin).parent


def _mapped_weights(path: Path) -> np.ndarray:
    """The embedding table of a safetensors file, mapped read-only (the format: an 8-byte
    little-endian header length, a JSON header of dtype, shape and offsets, then the data)."""
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    tensor = header[TENSOR]
    if tensor["dtype"] != "F16" or tuple(tensor["shape"])[1:] != (DIMENSIONS,):
        raise ValueError(
            f"{path.name}: not the model expected ({tensor['dtype']}, {tensor['shape']})"
        )
    start, end = tensor["data_offsets"]
    rows = (end - start) // (2 * DIMENSIONS)
    return np.memmap(
        path, np.float16, mode="r", offset=8 + length + start, shape=(rows, DIMENSIONS)
    )
