"""Export the dev rows of the evaluation sets as training rows of the understanding classifier.

    python evals/export_training_rows.py

Writes advisor/understanding/training_rows.jsonl ({"text", "label", "source"}: every dev row of
evals/cv_understanding.py's dev_rows(), never a test row, one line per distinct text, and no text
that is also the text of a test row anywhere, up to width, case, spaces and punctuation: a dev twin of a test row would let the classifier learn
that test row's answer, so its test figure would not be a figure on unseen text) and the
classifier trained on the exemplars plus those rows, advisor/understanding/classifier_weights.npz
(keyed by everything it depends on; the product trains itself when the key does not match, e.g.
after an edit of exemplars.yaml without a new export). Run it after adding dev rows or editing
exemplars.yaml; tests/test_understanding_training.py fails while the shipped weights are stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_understanding import _memo_embed, dev_rows, label_rows, labeller, leak_key, test_row_texts  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    # The files written are those of the advisor package Python imports: with an editable install and no
    # PYTHONPATH that is the install's checkout, not the worktree the command runs in — so say which.
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    from advisor.config import Settings
    from advisor.understanding import semantic

    save = _memo_embed()
    index = semantic.exemplar_index(Settings().data_dir / "cache")
    test_texts = test_row_texts()
    rows = [row for row in dev_rows() if leak_key(row["text"]) not in test_texts]
    label_rows(rows, labeller(index), semantic.embed)
    seen: set[str] = set()
    lines: list[str] = []
    for row in rows:
        if row["text"] in seen:
            continue
        seen.add(row["text"])
        lines.append(json.dumps({"text": row["text"], "label": row["label"], "source": f"{row['group']}:{row['id']}"}, ensure_ascii=False))
    semantic.TRAINING_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    training = semantic.read_training_rows()
    vectors = semantic.np.stack([semantic.embed(text) for _, text in training])
    classifier = semantic.train_classifier(semantic.training_index(index, training, vectors))
    semantic.save_weights(semantic.SHIPPED_WEIGHTS, classifier, semantic.classifier_key(index, training))
    save()
    print(f"{len(training)} training rows → {semantic.TRAINING_FILE}; weights → {semantic.SHIPPED_WEIGHTS}")


if __name__ == "__main__":
    main()
