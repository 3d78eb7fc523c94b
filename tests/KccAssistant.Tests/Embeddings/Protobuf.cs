using System.Buffers.Binary;
using System.Text;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// A protobuf message written by hand, field by field, for the test models: SentencePiece's ModelProto and a tiny ONNX
/// graph. Written independently of the production writer so the two check each other.
/// </summary>
internal sealed class Protobuf
{
    private readonly MemoryStream _bytes = new();

    public Protobuf Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public Protobuf String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public Protobuf Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public Protobuf Float(int field, float value)
    {
        Tag(field, 5);
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }

    public Protobuf Message(int field, Protobuf message) => Bytes(field, message.ToArray());

    public Protobuf PackedFloats(int field, IEnumerable<float> values)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[4];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
            bytes.Write(buffer);
        }

        return Bytes(field, bytes.ToArray());
    }

    public Protobuf PackedInt64s(int field, IEnumerable<long> values)
    {
        var packed = new Protobuf();
        foreach (var value in values)
        {
            packed.WriteVarint((ulong)value);
        }

        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }
}
