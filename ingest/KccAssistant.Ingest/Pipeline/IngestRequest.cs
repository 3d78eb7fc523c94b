namespace KccAssistant.Ingest.Pipeline;

/// <summary>A request to re-ingest one source, or all of them, as editors make it.</summary>
/// <param name="Source">The configured source name; null for all sources.</param>
/// <param name="RequestedAt">When it was asked for.</param>
/// <param name="RequestedBy">Who or what asked ("web", "api", "test"); never a person's name.</param>
public sealed record IngestRequest(string? Source, DateTimeOffset RequestedAt, string RequestedBy)
{
    /// <summary>The queue's id of the request (its file name), when it came from the queue.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Id { get; init; }

    /// <summary>True when a run for this request also satisfies <paramref name="other"/>: all sources cover one source.</summary>
    public bool Covers(IngestRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Source is null || (other.Source is not null && Source.Equals(other.Source, StringComparison.OrdinalIgnoreCase));
    }
}
