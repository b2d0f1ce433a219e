#!/usr/bin/env python3
"""Writes the sentence-encoder fixtures under Tests/CityMatchCoreTests/Fixtures/encoder/.

- tokenizer_cases.json: texts and the reference tokenizer's ids (Hugging Face
  `tokenizers` with the model's tokenizer.json, padding off, truncation 256).
- unicode_classes.json: for every code point c, how the reference normalizer and
  pre-tokenizer treat "a" + c + "b", as runs [first, last, class] with class
  R (removed), W (whitespace), C (CJK, spaced), P (punctuation, split), O (other).
- golden_vectors.json: texts and their 384-d reference embeddings (float64
  numpy forward pass in scripts/minilm_reference.py), rounded to 7 significant digits.

Needs: pip install tokenizers numpy; the model files in models/all-minilm-l6-v2
(or $CITYMATCH_MODEL_DIR): run `citymatch model fetch` first.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from minilm_reference import MiniLM, default_model_dir, load_tokenizer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "CityMatchCoreTests", "Fixtures", "encoder")

LONG_TEXT = " ".join(
    "The municipal water utility wants sensor-based leak detection across {} kilometres of ageing pipes, "
    "with alerts routed to field crews within minutes.".format(i) for i in range(1, 12))

TOKENIZER_TEXTS = [
    "",
    "a",
    "A",
    ".",
    " ",
    "Hello, world!",
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
    "Smart parking sensors for downtown Lisbon",
    "naïve café résumé coöperate façade",
    "Ångström Øresund Łódź Dvořák Şişli İstanbul",
    "ÉCOLE ÉLÉMENTAIRE À PARIS",
    "Straße STRASSE ß ẞ",
    "北京市智能交通管理系统",
    "東京の地下鉄は便利です",
    "서울시 스마트 시티 프로젝트",
    "Москва: умный город и транспорт",
    "مدينة ذكية في دبي",
    "עיר חכמה בתל אביב",
    "स्मार्ट सिटी मिशन भारत",
    "Ελληνικά: έξυπνη πόλη ΣΑΣ",
    "ไทย สมาร์ทซิตี้",
    "emoji 😀🚲🌍 and 🥲 plus 🫨!",
    "flags 🇵🇹🇫🇷 and family 👨\u200d👩\u200d👧",
    "https://www.citymatch.example/needs?id=42&lang=en#top",
    "contact: ops-team+alerts@city.gov.example",
    "3.5 km² of rooftop solar, 12 °C, 40 m³/h",
    "$200k seed round, €1.2M Series A, £300, ¥5000",
    "reduce CO2 by 25% (from 1,200 t to 900 t) by 2030",
    "tabs\tbetween\twords",
    "many     repeated      spaces",
    "line one\nline two\r\nline three",
    "control\x00chars\x07here\x1b[0m and \x7f",
    "zero\u200bwidth\u200cjoiner\u200dtest\ufeff",
    "non\u00a0breaking\u2003em\u3000ideographic space",
    "soft\u00adhyphen",
    "replacement \ufffd char",
    "private use \ue000\uf8ff here",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "antidisestablishmentarianism and floccinaucinihilipilification",
    "!!!???...---",
    "«quoted» „German“ “curly” ‘single’ — dash – endash …",
    "wait... what?! (really) [yes] {no} <maybe>",
    "C++ / C# / F# / .NET / Node.js",
    "e-mail, co-operate, state-of-the-art",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ １２３",
    "ﬁnance ﬂow ligatures",
    "①②③ ⅫⅣ",
    "x² + y² = z²",
    "mixed: Berlin柏林Берлин برلين",
    "IoT-based air-quality monitoring (PM2.5, NO₂, O₃)",
    "hello [MASK] world[SEP]x [cls]",
    "[UNK] [PAD] [CLS]",
    "1234567890 3.14159 -42 +7 1e-9",
    "2024-05-17T08:30:00Z",
    "snake_case_identifier and CamelCaseWord",
    "¿Dónde está la estación? ¡Aquí!",
    "Ça va? Où est la gare?",
    "Zürich Göteborg Malmö København Tromsø",
    "Việt Nam thành phố thông minh",
    "\u0301\u0302 combining marks alone",
    "e\u0301 decomposed vs é precomposed",
    "한국어 자모 한",
    "wide\u2060joiner\u2066isolate\u2069end",
    "tag\U000E0041chars",
    "Ǆ ǅ ǆ titlecase",
    LONG_TEXT,
    "word " * 300,
    "x" + "\u0300" * 150,
    "a.b.c.d.e.f.g",
    "¯\\_(ツ)_/¯",
    "   leading and trailing spaces   ",
]

GOLDEN_TEXTS = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
    "",
    "a",
    "Smart parking sensors that guide drivers to free spaces downtown.",
    "Our city needs real-time flood monitoring along the river embankments.",
    "A startup offering AI-based traffic signal optimisation for busy intersections.",
    "Low-cost air-quality sensors (PM2.5, NO2) mounted on street lights.",
    "Predictive maintenance for municipal water pipes using acoustic leak detection.",
    "Digital twin of the port area for logistics and emissions planning.",
    "On-demand electric shuttle service for suburbs poorly served by buses.",
    "Citizen reporting app for potholes, broken lamps and illegal dumping.",
    "Heat-island mapping with satellite imagery and urban tree planting plans.",
    "Energy management platform for public schools and libraries.",
    "We reduce food waste by connecting restaurants with local charities.",
    "Blockchain land registry pilot for faster property transfers.",
    "3.5 km² of rooftop solar panels on municipal buildings by 2027.",
    "$200k pilot budget, 12-month timeline, GDPR compliance required.",
    "naïve café résumé façade",
    "北京市智能交通管理系统",
    "Москва: умный город и транспорт",
    "مدينة ذكية في دبي",
    "서울시 스마트 시티 프로젝트",
    "emoji 😀🚲🌍 test",
    "https://www.citymatch.example/needs?id=42",
    "contact ops-team@city.gov.example for details",
    "tabs\tand   repeated    spaces",
    "!!!???...---",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "A man is playing a guitar.",
    "A woman is slicing an onion.",
    "Two dogs are running through a field.",
    "The stock market fell sharply on Monday.",
    "Bike-sharing docks near every metro station.",
    "Noise complaints at night near the nightlife district must be reduced.",
    "Wastewater treatment plant seeks sludge-to-energy technology.",
    "Drone inspection of bridges and tunnels for structural defects.",
    "School bus routing optimisation to cut fuel costs.",
    "Accessible wayfinding for blind and low-vision residents in transit hubs.",
    "Mixed scripts: Berlin柏林Берлин",
    LONG_TEXT,
    "word " * 300,
]


def classify_all(tokenizer):
    n = tokenizer.normalizer
    p = tokenizer.pre_tokenizer

    def classify(cp):
        c = chr(cp)
        s = n.normalize_str("a" + c + "b")
        if s == "ab":
            return "R"
        if s == "a b":
            return "W"
        pre = [x[0] for x in p.pre_tokenize_str(s)]
        if len(pre) == 1:
            return "O"
        if len(pre) == 3 and s.startswith("a ") and s.endswith(" b"):
            return "C"
        if len(pre) == 3:
            return "P"
        raise SystemExit(f"unexpected class for U+{cp:04X}: {s!r} {pre!r}")

    runs = []
    prev = None
    start = 0
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        k = classify(cp)
        if k != prev:
            if prev is not None:
                runs.append([start, cp - 1 if not (0xD800 <= cp - 1 <= 0xDFFF) else 0xD7FF, prev])
            prev, start = k, cp
    runs.append([start, 0x10FFFF, prev])
    return runs


def main():
    model_dir = default_model_dir()
    os.makedirs(OUT, exist_ok=True)
    tok = load_tokenizer(model_dir)
    assert len(TOKENIZER_TEXTS) >= 60 and len(GOLDEN_TEXTS) >= 40
    cases = [{"text": t, "ids": tok.encode(t).ids} for t in TOKENIZER_TEXTS]
    with open(os.path.join(OUT, "tokenizer_cases.json"), "w", encoding="utf-8") as f:
        json.dump({"max_tokens": 256, "cases": cases}, f, ensure_ascii=False, indent=0)
    with open(os.path.join(OUT, "unicode_classes.json"), "w") as f:
        json.dump(classify_all(tok), f, separators=(",", ":"))
    model = MiniLM(model_dir)
    vectors = model.encode(GOLDEN_TEXTS)
    golden = [{"text": t, "vector": [float(f"{v:.7g}") for v in row]} for t, row in zip(GOLDEN_TEXTS, vectors)]
    with open(os.path.join(OUT, "golden_vectors.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "sentence-transformers/all-MiniLM-L6-v2", "dimension": 384, "cases": golden},
                  f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {len(cases)} tokenizer cases, {len(golden)} golden vectors to {OUT}")


if __name__ == "__main__":
    main()
