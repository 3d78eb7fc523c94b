using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KccAssistant.Telemetry;

/// <summary>
/// The <see cref="Meter"/> and <see cref="ActivitySource"/> named <c>KccAssistant</c>: ask latency and outcome,
/// ingestion counts and embedding throughput. Recording costs next to nothing without a listener; an exporter is
/// only registered when an OTLP endpoint is configured (<c>AddKccTelemetry</c>).
/// </summary>
public static class KccTelemetry
{
    /// <summary>Name of the meter and the activity source.</summary>
    public const string Name = "KccAssistant";

    private static readonly Meter Meter = new(Name);

    /// <summary>Traces of asks and ingestion runs.</summary>
    public static ActivitySource Source { get; } = new(Name);

    private static readonly Histogram<double> AskDuration = Meter.CreateHistogram<double>(
        "kcc.ask.duration", "s", "Time to retrieve and decide on an answer (without a language model).");

    private static readonly Counter<long> Answered = Meter.CreateCounter<long>("kcc.ask.answered", "{question}", "Questions answered from the sources.");

    private static readonly Counter<long> NoAnswer = Meter.CreateCounter<long>("kcc.ask.no_answer", "{question}", "Questions the sources do not cover.");

    private static readonly Counter<long> IngestDocuments = Meter.CreateCounter<long>("kcc.ingest.documents", "{document}", "Documents written to a new generation (new, changed or carried over).");

    private static readonly Counter<long> IngestChunks = Meter.CreateCounter<long>("kcc.ingest.chunks", "{chunk}", "Chunks of new or changed documents written.");

    private static readonly Counter<long> IngestSkipped = Meter.CreateCounter<long>("kcc.ingest.skipped", "{item}", "Items not indexed, by reason.");

    private static readonly Counter<long> EmbeddedChunks = Meter.CreateCounter<long>("kcc.embedding.chunks", "{chunk}", "Texts embedded by the local model.");

    private static readonly Histogram<double> EmbeddingDuration = Meter.CreateHistogram<double>("kcc.embedding.duration", "s", "Time to embed one call's texts.");

    /// <summary>Records one ask: its latency and whether it was answered, tagged with the retrieval mode.</summary>
    public static void RecordAsk(string mode, bool answered, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("mode", mode);
        AskDuration.Record(elapsed.TotalSeconds, tag, new KeyValuePair<string, object?>("answered", answered));
        (answered ? Answered : NoAnswer).Add(1, tag);
    }

    /// <summary>Records documents written by an ingestion run; <paramref name="chunks"/> counts only newly chunked ones.</summary>
    public static void RecordIngested(string source, int documents, int chunks)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        IngestDocuments.Add(documents, tag);
        if (chunks > 0)
        {
            IngestChunks.Add(chunks, tag);
        }
    }

    /// <summary>Records one skipped item with why it was skipped (robots, personalData, duplicate, ...).</summary>
    public static void RecordSkipped(string source, string reason) =>
        IngestSkipped.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records one embedding call: how many texts, how long, and whether they were questions or passages.</summary>
    public static void RecordEmbedded(int texts, TimeSpan elapsed, string kind)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        EmbeddedChunks.Add(texts, tag);
        EmbeddingDuration.Record(elapsed.TotalSeconds, tag);
    }
}
