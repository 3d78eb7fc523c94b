using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KccAssistant.Embeddings;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> (sentencepiece_model.proto) for a Unigram vocabulary, so a tokenizer.json
/// Unigram model runs on Microsoft.ML.Tokenizers' SentencePiece implementation, which only loads that format.
/// </summary>
internal static class SentencePieceModelProto
{
    /// <summary>SentencePiece.Type values of sentencepiece_model.proto.</summary>
    public enum PieceType
    {
        Normal = 1,
        Unknown = 2,
        Control = 3,
        UserDefined = 4,
        Unused = 5,
        Byte = 6,
    }

    private const int UnigramModelType = 1;

    /// <summary>Serializes the model.</summary>
    /// <param name="pieces">Pieces in id order with their log probabilities and types.</param>
    /// <param name="unknownId">Id of the unknown piece.</param>
    /// <param name="beginningId">Id SentencePiece reports for &lt;s&gt; (never emitted here).</param>
    /// <param name="endId">Id SentencePiece reports for &lt;/s&gt; (never emitted here).</param>
    /// <param name="paddingId">Id of the padding piece, or -1.</param>
    /// <param name="normalizer">Normalizer settings.</param>
    /// <param name="byteFallback">Whether unknown characters become &lt;0xNN&gt; byte pieces.</param>
    public static byte[] Build(
        IReadOnlyList<(string Piece, float Score, PieceType Type)> pieces,
        int unknownId,
        int beginningId,
        int endId,
        int paddingId,
        SentencePieceNormalizerSpec normalizer,
        bool byteFallback)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(normalizer);
        var model = new ProtoWriter();
        foreach (var (piece, score, type) in pieces)
        {
            var entry = new ProtoWriter();
            entry.String(1, piece);
            entry.Float(2, score);
            entry.Int32(3, (int)type);
            model.Message(1, entry);
        }

        var trainer = new ProtoWriter();
        trainer.Int32(3, UnigramModelType);
        trainer.Int32(4, pieces.Count);
        trainer.Bool(35, byteFallback);
        trainer.Int32(40, unknownId);
        trainer.Int32(41, beginningId);
        trainer.Int32(42, endId);
        trainer.Int32(43, paddingId);
        trainer.String(45, pieces[unknownId].Piece);
        trainer.String(46, PieceOrDefault(pieces, beginningId, "<s>"));
        trainer.String(47, PieceOrDefault(pieces, endId, "</s>"));
        trainer.String(48, PieceOrDefault(pieces, paddingId, "<pad>"));
        model.Message(2, trainer);

        var spec = new ProtoWriter();
        spec.String(1, normalizer.PrecompiledCharsmap.Length > 0 ? "precompiled" : "identity");
        spec.Bytes(2, normalizer.PrecompiledCharsmap);
        spec.Bool(3, normalizer.AddDummyPrefix);
        spec.Bool(4, normalizer.RemoveExtraWhitespaces);
        spec.Bool(5, true);
        model.Message(3, spec);
        return model.ToArray();
    }

    private static string PieceOrDefault(IReadOnlyList<(string Piece, float Score, PieceType Type)> pieces, int id, string fallback) =>
        id >= 0 && id < pieces.Count ? pieces[id].Piece : fallback;

    /// <summary>Just enough of the protobuf wire format for this one message.</summary>
    private sealed class ProtoWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, ReadOnlySpan<byte> value)
        {
            Tag(field, 2);
            Varint((ulong)value.Length);
            _buffer.Write(value);
        }

        public void Float(int field, float value)
        {
            Tag(field, 5);
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            _buffer.Write(bytes);
        }

        // Negative int32 values are sign-extended to ten varint bytes, as protobuf encodes them.
        public void Int32(int field, int value)
        {
            Tag(field, 0);
            Varint((ulong)(long)value);
        }

        public void Bool(int field, bool value)
        {
            Tag(field, 0);
            Varint(value ? 1UL : 0UL);
        }

        public void Message(int field, ProtoWriter message) => Bytes(field, message._buffer.WrittenSpan);

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            WriteByte((byte)value);
        }

        private void WriteByte(byte value)
        {
            _buffer.GetSpan(1)[0] = value;
            _buffer.Advance(1);
        }
    }
}

/// <summary>The NormalizerSpec fields that matter for encoding.</summary>
/// <param name="PrecompiledCharsmap">SentencePiece's compiled normalization rules (e.g. nmt_nfkc), or empty.</param>
/// <param name="AddDummyPrefix">Whether "▁" is put before the text, so the first word looks like every other.</param>
/// <param name="RemoveExtraWhitespaces">Whether runs of spaces collapse into one.</param>
internal sealed record SentencePieceNormalizerSpec(byte[] PrecompiledCharsmap, bool AddDummyPrefix, bool RemoveExtraWhitespaces);
