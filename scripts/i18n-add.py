#!/usr/bin/env python3
"""Add translation keys to Resources/Localization/{en,fr,ar}.json.

Usage: scripts/i18n-add.py NEW.json [--replace]
NEW.json maps dotted keys to {"en": ..., "fr": ..., "ar": ...}. Every key needs all three languages.
Existing keys are kept unless --replace is given. Safe to run from several shells at once (file lock).
"""
import fcntl, json, os, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources", "Localization")
LANGS = ("en", "fr", "ar")

def main():
    if len(sys.argv) < 2:
        print(__doc__); sys.exit(2)
    new = json.load(open(sys.argv[1], encoding="utf-8"))
    replace = "--replace" in sys.argv
    for key, texts in new.items():
        missing = [l for l in LANGS if not (isinstance(texts, dict) and isinstance(texts.get(l), str) and texts[l].strip())]
        if missing:
            sys.exit(f"{key}: missing {', '.join(missing)}")
    with open("/tmp/badil-i18n.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        added = skipped = 0
        for lang in LANGS:
            path = os.path.join(ROOT, f"{lang}.json")
            data = json.load(open(path, encoding="utf-8"))
            for key, texts in new.items():
                node = data
                parts = key.split(".")
                for p in parts[:-1]:
                    node = node.setdefault(p, {})
                    if not isinstance(node, dict):
                        sys.exit(f"{key}: {p} is a string in {lang}.json")
                if parts[-1] in node and not replace:
                    skipped += 1
                    continue
                node[parts[-1]] = texts[lang]
                added += 1
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.write("\n")
            os.replace(tmp, path)
        print(f"added {added // 3 if added % 3 == 0 else added} keys, kept {skipped // 3 if skipped % 3 == 0 else skipped} existing")

if __name__ == "__main__":
    main()
