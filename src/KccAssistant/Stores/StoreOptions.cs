using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Stores;

/// <summary>Which engine holds the catalogue and vectors.</summary>
public enum StoreProvider
{
    /// <summary>SQLite in <c>Kcc:DataDir</c>, searched in memory: no server, the default.</summary>
    Embedded,

    /// <summary>A Qdrant server (gRPC), for a municipality that outgrows one machine or a platform of several.</summary>
    Qdrant,
}

/// <summary>The <c>Kcc:Store</c> section.</summary>
public sealed class StoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Store";

    /// <summary><c>Embedded</c> (default) or <c>Qdrant</c>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Embedded;

    /// <summary>Settings used when <see cref="Provider"/> is <see cref="StoreProvider.Qdrant"/>.</summary>
    public QdrantStoreOptions Qdrant { get; set; } = new();
}

/// <summary>The <c>Kcc:Store:Qdrant</c> section.</summary>
public sealed class QdrantStoreOptions
{
    /// <summary>gRPC address of the server, e.g. <c>http://qdrant:6334</c>; <c>https</c> turns TLS on.</summary>
    public string Endpoint { get; set; } = "http://localhost:6334";

    /// <summary>The server's API key (<c>QDRANT__SERVICE__API_KEY</c> on the server); empty for none.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// SHA-256 thumbprint of the server certificate to pin, for a self-signed certificate; empty to validate the
    /// certificate against the machine's trusted roots.
    /// </summary>
    public string CertificateThumbprint { get; set; } = "";

    /// <summary>Put before every collection and alias name, so one server can hold other applications too.</summary>
    public string CollectionPrefix { get; set; } = "kcc-";

    /// <summary>How long a replaced generation's collection stays after the alias moved on, for readers still on it.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a writer lease lasts without renewal; a writer that died frees the store after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Points per upsert request.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Attempts per request on transient errors (unavailable, deadline exceeded) before giving up.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Deadline of one request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Shards per generation collection (more for a tenant of millions of chunks spread over several nodes).</summary>
    public int ShardNumber { get; set; } = 1;

    /// <summary>Copies of each shard on different nodes of a cluster (2 or more keeps a tenant serving when a node fails).</summary>
    public int ReplicationFactor { get; set; } = 1;

    /// <summary>Keep the dense vectors as int8 in memory (scalar quantization, originals on disk): about a quarter of the memory.</summary>
    public bool ScalarQuantization { get; set; }

    /// <summary>
    /// Also index the Dutch analyzer's sparse vectors in Qdrant (IDF modifier) so the server can fuse dense and sparse
    /// search.
    /// </summary>
    public bool SparseVectors { get; set; } = true;
}

/// <summary>Checks <see cref="StoreOptions"/> at start, naming the key that is wrong.</summary>
public sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Kcc:Store:Provider '{options.Provider}' is onbekend; kies Embedded of Qdrant.");
        }

        if (options.Provider != StoreProvider.Qdrant)
        {
            return ValidateOptionsResult.Success;
        }

        var qdrant = options.Qdrant;
        var failures = new List<string>();
        if (!Uri.TryCreate(qdrant.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"Kcc:Store:Qdrant:Endpoint '{qdrant.Endpoint}' is geen http(s)-adres (gRPC-poort, meestal 6334).");
        }
        else if (endpoint.Scheme == "http" && qdrant.CertificateThumbprint.Length > 0)
        {
            failures.Add($"Kcc:Store:Qdrant:CertificateThumbprint is gezet maar Kcc:Store:Qdrant:Endpoint '{qdrant.Endpoint}' gebruikt geen TLS; gebruik https.");
        }

        if (qdrant.CertificateThumbprint.Length > 0 && !ThumbprintPattern().IsMatch(qdrant.CertificateThumbprint))
        {
            failures.Add("Kcc:Store:Qdrant:CertificateThumbprint moet 64 hexadecimale tekens zijn (SHA-256).");
        }

        if (!Qdrant.QdrantNames.IsValidPrefix(qdrant.CollectionPrefix))
        {
            failures.Add($"Kcc:Store:Qdrant:CollectionPrefix '{qdrant.CollectionPrefix}' mag alleen kleine letters, cijfers, '-' en '_' bevatten (hooguit 40 tekens).");
        }

        if (qdrant.GracePeriod < TimeSpan.Zero)
        {
            failures.Add("Kcc:Store:Qdrant:GracePeriod mag niet negatief zijn.");
        }

        if (qdrant.LeaseDuration < TimeSpan.FromSeconds(10))
        {
            failures.Add("Kcc:Store:Qdrant:LeaseDuration moet minstens 10 seconden zijn.");
        }

        if (qdrant.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Kcc:Store:Qdrant:BatchSize moet tussen 1 en 10000 liggen.");
        }

        if (qdrant.MaxAttempts is < 1 or > 20)
        {
            failures.Add("Kcc:Store:Qdrant:MaxAttempts moet tussen 1 en 20 liggen.");
        }

        if (qdrant.ShardNumber is < 1 or > 64)
        {
            failures.Add("Kcc:Store:Qdrant:ShardNumber moet tussen 1 en 64 liggen.");
        }

        if (qdrant.ReplicationFactor is < 1 or > 10)
        {
            failures.Add("Kcc:Store:Qdrant:ReplicationFactor moet tussen 1 en 10 liggen.");
        }

        if (qdrant.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Kcc:Store:Qdrant:RequestTimeout moet positief zijn.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex ThumbprintPattern();
}
