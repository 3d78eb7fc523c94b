#!/usr/bin/python3
"""Makes the SentencePiece test fixtures: a small XLM-R-style Unigram model trained on the project's own sample texts,
the tokenizer.json HuggingFace's XLMRobertaConverter would make of it, and the ids the reference implementations give.

Needs Debian's `sentencepiece` and `python3-sentencepiece` (not needed to run the tests):
    apt-get install -y sentencepiece python3-sentencepiece
    cd tests/KccAssistant.Tests/Embeddings/TestData && /usr/bin/python3 make-fixtures.py

spm_train does not give the same model bit for bit on every run: regenerate and commit the three files together.
"""
import base64, glob, html, json, os, re, subprocess, tempfile

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as pb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))

# 1. Train a 400-piece Unigram model with SentencePiece's defaults (nmt_nfkc normalization, <unk>=0, <s>=1, </s>=2),
#    the same kind of model as XLM-RoBERTa's sentencepiece.bpe.model, on the sample municipality's pages.
texts = []
for path in glob.glob(os.path.join(ROOT, "ingest/samples/kennisbank/markdown/**/*.md"), recursive=True):
    texts.append(open(path, encoding="utf-8").read())
for path in glob.glob(os.path.join(ROOT, "ingest/samples/website/**/*.html"), recursive=True):
    page = open(path, encoding="utf-8").read()
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    texts.append(html.unescape(re.sub(r"<[^>]+>", " ", page)))
lines = sorted({re.sub(r"\s+", " ", line).strip() for text in texts for line in text.split("\n")})
lines = [line for line in lines if len(line) > 20]
with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus.txt")
    open(corpus, "w", encoding="utf-8").write("\n".join(lines))
    subprocess.run(["spm_train", f"--input={corpus}", f"--model_prefix={os.path.join(tmp, 'm')}", "--vocab_size=400",
                    "--model_type=unigram", "--character_coverage=1.0", "--num_threads=1", "--seed_sentencepiece_size=100000"],
                   check=True, capture_output=True)
    model_bytes = open(os.path.join(tmp, "m.model"), "rb").read()
open(os.path.join(HERE, "nl-unigram.model"), "wb").write(model_bytes)

proto = pb.ModelProto()
proto.ParseFromString(model_bytes)
sp = spm.SentencePieceProcessor(model_proto=model_bytes)

# 2. tokenizer.json as transformers' XLMRobertaConverter builds it: fairseq's four specials first, SentencePiece's
#    pieces from id 3 on (one id further), <mask> last; Precompiled + collapse spaces; Metaspace; "<s> $A </s>".
vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
vocab += [[p.piece, p.score] for p in proto.pieces[3:]]
vocab += [["<mask>", 0.0]]
mask_id = len(vocab) - 1
special = lambda i, t: {"id": i, "content": t, "single_word": False, "lstrip": t == "<mask>", "rstrip": False,
                        "normalized": False, "special": True}
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [special(0, "<s>"), special(1, "<pad>"), special(2, "</s>"), special(3, "<unk>"), special(mask_id, "<mask>")],
    "normalizer": {"type": "Sequence", "normalizers": [
        {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(proto.normalizer_spec.precompiled_charsmap).decode()},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
    "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                  {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                       "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                                {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                       "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                                          "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
    "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
    "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
}
json.dump(tokenizer, open(os.path.join(HERE, "nl-unigram.tokenizer.json"), "w", encoding="utf-8"), ensure_ascii=False)

# 3. Expected ids: SentencePiece's pieces mapped as transformers' XLMRobertaTokenizer._convert_token_to_id does
#    (fairseq_tokens_to_ids first, else PieceToId + 1, PieceToId 0 meaning <unk>=3), between <s>=0 and </s>=2.
fairseq = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
def xlmr_ids(text):
    ids = [0]
    for piece in sp.encode(text, out_type=str):
        spm_id = sp.piece_to_id(piece)
        ids.append(fairseq[piece] if piece in fairseq else (spm_id + 1 if spm_id else 3))
    return ids + [2]

inputs = [
    "Mevrouw is haar paspoort kwijt op vakantie.",
    "Hoe vraag ik een parkeervergunning aan?",
    "Ik wil mijn verhuizing doorgeven aan de gemeente Lindenhaven.",
    "Wat kost een identiteitskaart voor kinderen onder de 18 jaar?",
    "De afvalinzameling van gft-afval is op dinsdag en vrijdag.",
    "Café Éénhoorn aan de Kerkstraat 12 vraagt een terrasvergunning aan — kosten € 125,50.",
    "   Spaties   aan  het begin  en eind   ",
    "Regel één\nregel twee\tmet tab",
    "Ｆｕｌｌ-width ＡＢＣ en de ligatuur ﬁets ½ uur",
    "Zürich, Ελλάδα, 東京 en 😀 emoji",
    "query: hoe vraag ik bijzondere bijstand aan?",
    "passage: Bijzondere bijstand is een vergoeding voor onverwachte kosten.",
    "e\u0301e\u0301n (e + combining acute) tegenover één",
]
reference = [{"text": text, "pieces": sp.encode(text, out_type=str), "ids": xlmr_ids(text)} for text in inputs]
with open(os.path.join(HERE, "nl-unigram.expected.json"), "w", encoding="utf-8") as out:
    out.write("[\n" + ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in reference) + "\n]\n")
print(f"{len(proto.pieces)} pieces, model {len(model_bytes)} bytes")
