"""The embedding model semantic search ranks passages with: wordllama, run on this machine.

wordllama's default model (256 dimensions, 16 MB) ships inside its wheel, tokenizer included;
nothing is downloaded. Version 0.4 looks for the tokenizer in a folder it does not ship
(`tokenizer/`, not `tokenizers/`) and then tries to download it, so it is given a cache
folder holding the shipped file, with downloads turned off.

The model is static: a text's vector is the mean of its tokens' vectors. The tokenizer never
joins two words into one token, so a text's tokens are those of its words, taken one by one;
passages are embedded from a per-process cache of each word's tokens, which gives exactly
wordllama's vector of the text with its spaces collapsed (tested) about ten times faster.
"""

import logging
import shutil
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

MODEL = "l2_supercat"
DIMENSIONS = 256
# What the vectors beside the index were made with: other vectors are rebuilt.
MODEL_ID = f"wordllama-{MODEL}-{DIMENSIONS}"
# Words whose tokens are kept per process (about 150 bytes each): the vocabulary of a large
# library. Past it the cache starts again.
WORD_CACHE_SIZE = 200_000


class Embedder:
    def __init__(self) -> None:
        inference = _load_wordllama()
        self.tokenizer = inference.tokenizer
        self.tokenizer.no_padding()
        # Half precision halves each process's copy (32,000 by 256); sums are taken in float32.
        self.table = np.ascontiguousarray(inference.embedding, dtype=np.float16)
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


def _load_wordllama():
    root = logging.getLogger()
    guard = None
    if not root.handlers:
        # wordllama calls logging.basicConfig() when imported, which would send every
        # library's INFO lines to the console; a handler in place makes that call do nothing.
        guard = logging.NullHandler()
        root.addHandler(guard)
    try:
        import wordllama
        from wordllama import WordLlama
    finally:
        if guard is not None:
            root.removeHandler(guard)
    shipped = Path(wordllama.__file__).parent / "tokenizers"
    folder = Path(settings.DATA_DIR) / "models" / "wordllama"
    (folder / "tokenizers").mkdir(parents=True, exist_ok=True)
    for path in shipped.glob("*.json"):
        target = folder / "tokenizers" / path.name
        if not target.exists() or target.stat().st_size != path.stat().st_size:
            shutil.copyfile(path, target)
    return WordLlama.load(MODEL, cache_dir=folder, dim=DIMENSIONS, disable_download=True)
