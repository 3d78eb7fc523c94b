using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>
/// Measures the queued runs one at a time against the index this app serves, read-only: the same retriever, answerer
/// and "geen antwoord" model the agents use (asks made here do not enter the question log, which records only the Ask
/// page and the API). Questions are measured one after the other, so a run takes at most one core.
/// </summary>
public sealed partial class EvaluationWorker(
    EvaluationQueue queue,
    EvaluationSets sets,
    EvaluationRunStore runs,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<EvaluationWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A run cut off by a crash or a kill left its unpublished folder; nothing reads it, so it goes.
        try
        {
            foreach (var pending in Directory.Exists(runs.Root) ? Directory.GetDirectories(runs.Root, ".bezig-*") : [])
            {
                TryDiscard(Path.GetFileName(pending)[".bezig-".Length..]);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDiscardFailed(logger, exception, "*");
        }

        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job.State == EvaluationJobState.Cancelled)
            {
                continue;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
            job.State = EvaluationJobState.Running;
            queue.Notify();
            try
            {
                await RunAsync(job, linked.Token);
                job.State = EvaluationJobState.Completed;
                LogCompleted(logger, job.Id, job.Done);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                job.State = EvaluationJobState.Cancelled;
                job.Message = stoppingToken.IsCancellationRequested ? "Afgebroken: de app stopte." : "Afgebroken.";
                runs.Discard(job.Id);
                LogCancelled(logger, job.Id);
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or FileNotFoundException or InvalidOperationException or IOException or KnowledgeStoreUnavailableException)
            {
                job.State = EvaluationJobState.Failed;
                job.Message = exception is KnowledgeStoreUnavailableException
                    ? "De index is nu niet leesbaar; probeer het later opnieuw."
                    : exception is IOException ? "Het rapport kon niet worden geschreven in de datamap." : exception.Message;
                TryDiscard(job.Id);
                LogFailed(logger, exception, job.Id);
            }
#pragma warning disable CA1031 // An evaluation must never stop the app the agents are using: any other error fails the run only.
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                job.State = EvaluationJobState.Failed;
                job.Message = "Onverwachte fout tijdens de run; zie het log van de web-app.";
                TryDiscard(job.Id);
                LogFailed(logger, exception, job.Id);
            }
            finally
            {
                queue.Notify();
            }
        }
    }

    /// <summary>Measures <paramref name="job"/> and publishes its report in the run list.</summary>
    internal async Task RunAsync(EvaluationJob job, CancellationToken cancellationToken)
    {
        var request = job.Request;
        var set = await sets.FindAsync(request.SetId, cancellationToken)
            ?? throw new InvalidOperationException("Deze set bestaat niet meer.");
        if (set.Problem is not null)
        {
            throw new InvalidOperationException($"De set {set.FileName} is niet bruikbaar: {set.Problem}");
        }

        var questions = await LabelledSet.ReadAsync(set.Path, cancellationToken);
        var parts = request.Splits.Select(split => (Split: split, Questions: split == LabelledSet.AllSplits || set.Splits.Contains(split)
            ? LabelledSet.OfSplit(questions, split)
            : throw new InvalidOperationException($"De set {set.FileName} heeft geen deel '{split}'; kies 'alles'."))).ToList();
        job.Total = parts.Sum(p => p.Questions.Count) * request.Modes.Count;
        queue.Notify();

        var store = services.GetRequiredService<IKnowledgeStore>();
        var info = await store.GetInfoAsync(cancellationToken);
        if (info.IsEmpty)
        {
            throw new InvalidOperationException("De index is leeg: lees eerst bronnen in (pagina Bronnen).");
        }

        var startedAt = clock.GetUtcNow();
        var details = new RunDetails(
            startedAt,
            await RunDetails.CommitAsync(RunDetails.RepositoryRoot, cancellationToken),
            set.Path,
            questions.Count,
            questions.Count(q => !q.Answerable),
            request.Splits,
            KccPaths.Resolve(services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir),
            info.Generation,
            info.Chunks,
            info.EmbeddingModel,
            RunDetails.ChangedSettingsOf(services));
        var runner = ActivatorUtilities.CreateInstance<EvalRunner>(services);
        var progress = new JobProgress(job, queue);
        var results = new List<ModeRun>();
        foreach (var (split, part) in parts)
        {
            foreach (var mode in request.Modes)
            {
                // The runner's loop is synchronous per question; on the thread pool it never holds a request thread.
                results.Add(await Task.Run(() => runner.RunAsync(part, mode, split, progress, cancellationToken), cancellationToken));
            }
        }

        var directory = runs.PendingDirectoryOf(job.Id);
        var answerability = services.GetRequiredService<AnswerabilityModelProvider>().Current;
        await ReportWriter.WriteAsync(directory, details with { CreatedAt = clock.GetUtcNow() }, results, answerability, cancellationToken);
        await runs.PublishAsync(
            new EvaluationRunInfo(
                job.Id, set.Id, set.FileName, set.KindText, request.Splits, request.Modes.Select(m => m.ToString().ToLowerInvariant()).ToList(),
                parts.Sum(p => p.Questions.Count), startedAt, clock.GetUtcNow(), request.StartedBy),
            cancellationToken);
    }

    private void TryDiscard(string id)
    {
        try
        {
            runs.Discard(id);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDiscardFailed(logger, exception, id);
        }
    }

    /// <summary>Counts measured questions for the page; never sees the question text.</summary>
    private sealed class JobProgress(EvaluationJob job, EvaluationQueue queue) : IProgress<QuestionResult>
    {
        public void Report(QuestionResult value)
        {
            job.QuestionDone();
            queue.Notify();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation run {Id} finished: {Questions} questions measured")]
    private static partial void LogCompleted(ILogger logger, string id, int questions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation run {Id} cancelled")]
    private static partial void LogCancelled(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation run {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unfinished evaluation run {Id}")]
    private static partial void LogDiscardFailed(ILogger logger, Exception exception, string id);
}
