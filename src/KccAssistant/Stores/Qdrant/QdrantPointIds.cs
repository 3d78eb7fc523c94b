using System.Security.Cryptography;
using System.Text;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// Qdrant point ids are UUIDs or integers; chunk ids are strings ("doc#3"). A name-based UUID (RFC 9562 version 5
/// layout over SHA-1 of a fixed namespace and the chunk id) gives every chunk the same point id in every generation and
/// on every machine, so a carried-over document overwrites rather than duplicates, and a re-run upsert is idempotent.
/// </summary>
public static class QdrantPointIds
{
    // A fixed namespace of this application: the same chunk id in another system's namespace gives another UUID.
    private static readonly Guid Namespace = new("5f0c3c1e-8a8e-4d55-9d3e-6b1b7a2f4c10");

    /// <summary>The point id of a chunk.</summary>
    public static Guid FromChunkId(string chunkId)
    {
        ArgumentException.ThrowIfNullOrEmpty(chunkId);
        return NameBased(chunkId);
    }

    /// <summary>The id of a bookkeeping point (lease, generation record) in the lease collection.</summary>
    public static Guid FromName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return NameBased("\u0001" + name);
    }

    private static Guid NameBased(string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        Namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what the version-5 layout prescribes; the id only needs to be stable, not secret.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
