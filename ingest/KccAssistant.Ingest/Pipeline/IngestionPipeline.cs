using System.Security.Cryptography;
using System.Text;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Documents;
using KccAssistant.Stores;
using KccAssistant.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>Turns a document into chunks.</summary>
public interface IDocumentChunker
{
    /// <summary>The document's chunks in order.</summary>
    IReadOnlyList<Chunk> Chunk(SourceDocument document);
}

/// <summary>Decides whether a document may be indexed (open data only, no personal data).</summary>
public interface IDocumentGate
{
    /// <summary>Null to index it, or why it is skipped.</summary>
    SkippedItem? Check(SourceDocument document);
}

/// <summary>Creates the reader for a configured source.</summary>
public interface ISourceReaderFactory
{
    /// <summary>A reader for <paramref name="source"/>.</summary>
    ISourceReader Create(SourceDefinition source);
}

/// <summary>Where a run is, for the terminal and the editor page.</summary>
/// <param name="Source">Source being read.</param>
/// <param name="DocumentsSeen">Documents read so far in this run.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far.</param>
/// <param name="Skipped">Items skipped so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Generation">The generation being written; reported first right after the run took the store's write lock.</param>
public sealed record IngestProgress(string Source, int DocumentsSeen, int ChunksEmbedded, int Skipped, TimeSpan Elapsed, long Generation = 0)
{
    /// <summary>Every source of the run with its own count, total and time; null from writers that predate it.</summary>
    public IReadOnlyList<SourceProgress>? Sources { get; init; }
}

/// <summary>
/// One ingestion run: read the sources, gate, chunk, embed (through the embedding cache) and write one new
/// generation, committed only at the end. Unchanged documents are carried over without re-chunking; a source that
/// cannot be read keeps its previous documents, so a broken source never empties the serving index.
/// </summary>
public sealed partial class IngestionPipeline(
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ISourceReaderFactory readers,
    IDocumentChunker chunker,
    IDocumentGate gate,
    IOptions<KccOptions> kccOptions,
    IOptions<IngestOptions> ingestOptions,
    SelfCalibrator selfCalibrator,
    AnswerabilityModelProvider answerability,
    ILogger<IngestionPipeline> logger)
{
    private const int MaxSkipEntries = 2000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the given sources; with <paramref name="only"/>, other sources are carried over unchanged.</summary>
    public async Task<IngestReport> RunAsync(
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyCollection<string>? only = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        using var activity = KccTelemetry.Source.StartActivity("kcc.ingest");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var report = new IngestReport { StartedAt = DateTimeOffset.UtcNow };
        var (model, dimensions) = await DescribeModelAsync(cancellationToken);
        report.EmbeddingModel = model;
        var dataDir = KccPaths.Resolve(kccOptions.Value.DataDir);
        Directory.CreateDirectory(dataDir);
        using var cache = new CachingEmbeddingGenerator(embeddings, Path.Combine(dataDir, "embeddings.db"), model, logger);

        var serving = await store.GetInfoAsync(cancellationToken);
        var selected = sources.Where(s => only is null || only.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (only is not null && selected.Count == 0)
        {
            throw new ArgumentException($"No configured source named {string.Join(", ", only)}.", nameof(only));
        }

        // Vectors of different models cannot be mixed in one index: after a model change nothing is carried over
        // and every source is read and embedded again (the embedding cache is keyed by model, so it misses too).
        var modelChanged = !serving.IsEmpty && !string.Equals(serving.EmbeddingModel, model, StringComparison.Ordinal);
        if (modelChanged)
        {
            LogModelChanged(logger, serving.EmbeddingModel ?? "?", model);
            selected = [.. sources];
            only = null;
        }

        await using var writer = await store.BeginGenerationAsync(model, dimensions, cancellationToken);
        report.Generation = writer.Generation;
        var history = IngestHistory.ForDataDirectory(dataDir);
        try
        {
            await WriteGenerationAsync(writer, sources, selected, only, modelChanged, serving, cache, report, started, progress, cancellationToken);
        }
        catch (Exception exception) when (exception is not StoreBusyException)
        {
            report.Seconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
            await AppendHistoryAsync(history, report, selected,
                exception is OperationCanceledException ? "afgebroken voordat de run klaar was" : exception.Message);
            throw;
        }

        await AppendHistoryAsync(history, report, selected, null);
        LogRunFinished(logger, report.Generation, report.Documents, report.Chunks, report.EmbeddedChunks, report.Seconds);
        activity?.SetTag("kcc.generation", report.Generation).SetTag("kcc.documents", report.Documents).SetTag("kcc.chunks", report.Chunks);
        return report;
    }

    private async Task WriteGenerationAsync(
        IGenerationWriter writer,
        IReadOnlyList<SourceDefinition> sources,
        List<SourceDefinition> selected,
        IReadOnlyCollection<string>? only,
        bool modelChanged,
        StoreInfo serving,
        CachingEmbeddingGenerator cache,
        IngestReport report,
        long started,
        IProgress<IngestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var tracker = new SourceProgressTracker(selected.Select(s => s.Name));
        // The first report says the run owns the store; status publishers wait for it before claiming "running".
        progress?.Report(new IngestProgress(selected.FirstOrDefault()?.Name ?? "", 0, 0, 0, System.Diagnostics.Stopwatch.GetElapsedTime(started), writer.Generation)
        {
            Sources = tracker.Snapshot(),
        });
        var lastReported = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var (name, count) in serving.Documents)
        {
            if (only is not null && !selected.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                await writer.KeepSourceAsync(name, cancellationToken);
                report.Documents += count;
            }
            else if (!sources.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                // A source removed from the configuration leaves the index with this run.
                report.Deleted += count;
            }
        }

        var bodyHashes = new HashSet<string>(StringComparer.Ordinal);
        var seenTotal = 0;
        var skippedTotal = 0;
        foreach (var source in selected)
        {
            var sourceStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var sourceReport = new SourceReport { Name = source.Name };
            report.Sources.Add(sourceReport);
            var previous = modelChanged
                ? new Dictionary<string, DocumentState>()
                : await store.GetDocumentStatesAsync(source.Name, cancellationToken);
            tracker.Start(source.Name, previous.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new List<(SourceDocument Document, IReadOnlyList<Chunk> Chunks)>();
            var pendingChunks = 0;
            LogSourceStarted(logger, source.Name, previous.Count);

            async Task FlushAsync()
            {
                if (pending.Count == 0)
                {
                    return;
                }

                var texts = pending.SelectMany(p => p.Chunks).Select(c => c.EmbeddingText).ToList();
                var vectors = await cache.GenerateAsync(texts, cancellationToken: cancellationToken);
                var offset = 0;
                foreach (var (document, chunks) in pending)
                {
                    var embedded = chunks.Select((chunk, i) => new EmbeddedChunk(chunk, vectors[offset + i].Vector)).ToList();
                    offset += chunks.Count;
                    await writer.AddDocumentAsync(document, embedded, cancellationToken);
                    sourceReport.Documents++;
                    sourceReport.Chunks += chunks.Count;
                    KccTelemetry.RecordIngested(source.Name, 1, chunks.Count);
                }

                pending.Clear();
                pendingChunks = 0;
                Report();
            }

            void Report()
            {
                lastReported = System.Diagnostics.Stopwatch.GetTimestamp();
                progress?.Report(new IngestProgress(source.Name, seenTotal, cache.Misses, skippedTotal, System.Diagnostics.Stopwatch.GetElapsedTime(started), writer.Generation)
                {
                    Sources = tracker.Snapshot(),
                });
            }

            try
            {
                var reader = readers.Create(source);
                await foreach (var item in reader.ReadAsync(new SourceContext(source.Name, previous), cancellationToken))
                {
                    switch (item)
                    {
                        case DocumentItem { Document: var linked }:
                            seenTotal++;
                            tracker.Document(source.Name);
                            var document = linked;
                            if (!CitationLinks.IsSafe(document.Url))
                            {
                                // Kept, but never with a link that could run script or point nowhere when an agent opens it.
                                document = document with { Url = CitationLinks.Fallback(document) };
                                Warn(report, source.Name, new WarningItem(document.Id, WarningKind.UrlRemoved, CitationLinks.Describe(linked.Url)));
                            }

                            if (!bodyHashes.Add(BodyHash(document)))
                            {
                                Skip(report, source.Name, new SkippedItem(document.Url, SkipReason.Duplicate, "zelfde inhoud als een ander document")
                                {
                                    Title = document.Title,
                                    Url = CitationLinks.IsSafe(document.Url) ? document.Url : null,
                                });
                                skippedTotal++;
                                tracker.Reclassify(source.Name);
                                break;
                            }

                            if (gate.Check(document) is { } rejected)
                            {
                                // The gate decides what of the document may be shown (personal data stays masked).
                                Skip(report, source.Name, rejected);
                                skippedTotal++;
                                tracker.Reclassify(source.Name);
                                break;
                            }

                            if (!seen.Add(document.Id))
                            {
                                break;
                            }

                            if (previous.TryGetValue(document.Id, out var state) && state.ContentHash == document.ContentHash
                                && await writer.KeepDocumentAsync(document.Id, cancellationToken))
                            {
                                sourceReport.Unchanged++;
                                sourceReport.Documents++;
                                KccTelemetry.RecordIngested(source.Name, 1, 0);
                                break;
                            }

                            var chunks = chunker.Chunk(document);
                            if (chunks.Count == 0)
                            {
                                Skip(report, source.Name, new SkippedItem(document.Url, SkipReason.Failed, "geen tekst")
                                {
                                    Title = document.Title,
                                    Url = CitationLinks.IsSafe(document.Url) ? document.Url : null,
                                });
                                skippedTotal++;
                                tracker.Reclassify(source.Name);
                                break;
                            }

                            pending.Add((document, chunks));
                            pendingChunks += chunks.Count;
                            if (pendingChunks >= ingestOptions.Value.EmbedBatch)
                            {
                                await FlushAsync();
                            }

                            break;
                        case UnchangedItem { DocumentId: var id }:
                            seenTotal++;
                            tracker.Document(source.Name);
                            if (seen.Add(id) && await writer.KeepDocumentAsync(id, cancellationToken))
                            {
                                sourceReport.Unchanged++;
                                sourceReport.Documents++;
                                KccTelemetry.RecordIngested(source.Name, 1, 0);
                            }

                            break;
                        case WarningItem warning:
                            Warn(report, source.Name, warning);
                            break;
                        case SkippedItem skipped:
                            Skip(report, source.Name, skipped);
                            skippedTotal++;
                            tracker.Skip(source.Name);
                            break;
                        case TotalItem total:
                            tracker.SetTotal(source.Name, total.Total, total.Basis);
                            Report();
                            break;
                        case IncompleteItem incomplete:
                            sourceReport.Incomplete = incomplete.Reason;
                            break;
                    }

                    // Between embed batches too, so a slow crawl or a run of unchanged documents still shows it moves.
                    if (System.Diagnostics.Stopwatch.GetElapsedTime(lastReported) >= ProgressInterval)
                    {
                        Report();
                    }
                }

                await FlushAsync();
                if (sourceReport.Documents == 0 && previous.Count > 0 && !modelChanged)
                {
                    throw new InvalidOperationException("de bron leverde geen enkel document op; de vorige inhoud blijft staan");
                }

                var missing = previous.Keys.Where(id => !seen.Contains(id)).ToList();
                if (sourceReport.Incomplete is not null)
                {
                    // The reader did not get everywhere: what it did not see may well still exist.
                    foreach (var id in missing)
                    {
                        if (await writer.KeepDocumentAsync(id, cancellationToken))
                        {
                            sourceReport.Unchanged++;
                            sourceReport.Documents++;
                        }
                    }
                }
                else
                {
                    report.Deleted += missing.Count;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !modelChanged)
            {
                // Keep what this source had: an unreachable server or a broken export never empties the index.
                sourceReport.Error = exception.Message;
                pending.Clear();
                var kept = await writer.KeepSourceAsync(source.Name, cancellationToken);
                sourceReport.Documents = kept;
                LogSourceFailed(logger, source.Name, exception.GetType().Name, exception.Message, kept);
            }

            tracker.Finish(source.Name, failed: sourceReport.Error is not null);
            Report();

            sourceReport.Seconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(sourceStarted).TotalSeconds, 2);
            report.Documents += sourceReport.Documents;
        }

        await SelfCalibrateAsync(writer, report, cancellationToken);
        await writer.CommitAsync(cancellationToken);
        report.Committed = true;
        var info = await store.GetInfoAsync(cancellationToken);
        report.Documents = info.Documents.Values.Sum();
        report.Chunks = info.Chunks;
        report.EmbeddedChunks = cache.Misses;
        report.Seconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
    }

    /// <summary>Adds the run to the data directory's history; the history is for display, so failing to write it never fails the run.</summary>
    private async Task AppendHistoryAsync(IngestHistory history, IngestReport report, List<SourceDefinition> selected, string? error)
    {
        var entry = new IngestHistoryEntry(report.StartedAt, report.Seconds, report.Generation, report.Committed, report.Documents, report.Chunks,
            report.EmbeddedChunks, report.Skipped.Total, [.. selected.Select(s => s.Name)], error);
        try
        {
            // Not the run's token: a cancelled run is still worth a line in the history.
            await history.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogHistoryNotWritten(logger, history.Path, exception.Message);
        }
    }

    /// <summary>
    /// Fits the "geen antwoord" model on probes from the generation about to be committed, so it serves from its first
    /// question with a model that knows this corpus. A hand-made calibration wins and is left alone; below the minimum
    /// corpus size a stale self-calibration is removed so the shipped defaults serve. A failure here never stops the
    /// run: the previous model keeps serving.
    /// </summary>
    private async Task SelfCalibrateAsync(IGenerationWriter writer, IngestReport report, CancellationToken cancellationToken)
    {
        var path = answerability.SelfCalibrationPath;
        if (path is null || writer is not IGenerationPreview preview)
        {
            return;
        }

        if (answerability.CalibrationPath is { } handMade && File.Exists(handMade))
        {
            report.Answerability = $"handmatige kalibratie {Path.GetFileName(handMade)} blijft in gebruik";
            return;
        }

        try
        {
            var view = await preview.PreviewAsync(cancellationToken);
            var result = await selfCalibrator.CalibrateAsync(view, (await view.GetChunksAsync(cancellationToken)).Chunks, cancellationToken);
            if (result is null)
            {
                File.Delete(path);
                report.Answerability = "te weinig documenten voor zelfkalibratie; het ingestelde model blijft";
                return;
            }

            var info = result.Calibration.Calibration!;
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, System.Text.Json.JsonSerializer.Serialize(result.Calibration, AnswerabilityModelProvider.Json), cancellationToken);
            File.Move(temporary, path, overwrite: true);
            report.Answerability = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"zelf gekalibreerd op {info.Questions} proefvragen ({info.Unanswerable} onbeantwoordbaar), drempel {result.Calibration.Threshold:0.000}, onterecht 'geen antwoord' op proefvragen {info.CrossValidated.FalseNoAnswerRate:0.00}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            report.Answerability = $"zelfkalibratie mislukt ({exception.Message}); het vorige model blijft";
            LogSelfCalibrationFailed(logger, exception.GetType().Name, exception.Message);
        }
    }

    private async Task<(string Model, int Dimensions)> DescribeModelAsync(CancellationToken cancellationToken)
    {
        var metadata = embeddings.GetService<EmbeddingGeneratorMetadata>();
        var probe = await embeddings.GenerateAsync(["dimensies"], cancellationToken: cancellationToken);
        return (metadata?.DefaultModelId ?? "unknown", probe[0].Vector.Length);
    }

    private static void Skip(IngestReport report, string source, SkippedItem skipped)
    {
        report.Skipped.Count(skipped.Reason);
        KccTelemetry.RecordSkipped(source, skipped.Reason.ToString());
        if (report.SkippedItems.Count < MaxSkipEntries)
        {
            report.SkippedItems.Add(new SkipEntry(source, skipped.Location, skipped.Reason.ToString(), skipped.Detail, skipped.Title,
                skipped.Url ?? (skipped.Reason != SkipReason.PersonalData && CitationLinks.IsSafe(skipped.Location) ? skipped.Location : null)));
        }
    }

    private void Warn(IngestReport report, string source, WarningItem warning)
    {
        report.Warnings.Count(warning.Kind);
        if (report.WarningItems.Count < MaxSkipEntries)
        {
            report.WarningItems.Add(new WarningEntry(source, warning.Location, warning.Kind.ToString(), warning.Detail));
        }

        LogWarning(logger, source, warning.Kind.ToString(), warning.Location, warning.Detail);
    }

    private static string BodyHash(SourceDocument document)
    {
        var body = string.Join('\n', document.Sections.Select(s => s.Text));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not add the run to the ingest history {Path}: {Reason}")]
    private static partial void LogHistoryNotWritten(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Kind} at {Location}: {Detail}")]
    private static partial void LogWarning(ILogger logger, string source, string kind, string location, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Self-calibration of the answerability model failed ({Type}: {Reason}); the previous model keeps serving")]
    private static partial void LogSelfCalibrationFailed(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding model changed from {Old} to {New}: re-reading and re-embedding every source")]
    private static partial void LogModelChanged(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading source {Source} ({Previous} documents serving)")]
    private static partial void LogSourceStarted(ILogger logger, string source, int previous);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} failed ({Type}: {Reason}); kept its {Kept} serving documents")]
    private static partial void LogSourceFailed(ILogger logger, string source, string type, string reason, int kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed generation {Generation}: {Documents} documents, {Chunks} chunks, {Embedded} embedded, {Seconds} s")]
    private static partial void LogRunFinished(ILogger logger, long generation, int documents, int chunks, int embedded, double seconds);
}
