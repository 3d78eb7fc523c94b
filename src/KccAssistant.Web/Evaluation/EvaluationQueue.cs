using System.Globalization;
using System.Threading.Channels;
using KccAssistant.Retrieval;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>What a data scientist asked the page to run.</summary>
/// <param name="SetId">The set's id (<see cref="EvaluationSet.Id"/>).</param>
/// <param name="Splits">"dev", "test" or "all"; one run per part.</param>
/// <param name="Modes">The retrieval modes, side by side.</param>
/// <param name="StartedBy">The role of whoever started it (what is stored instead of the person).</param>
public sealed record EvaluationRequest(string SetId, IReadOnlyList<string> Splits, IReadOnlyList<RetrievalMode> Modes, string StartedBy);

/// <summary>Where a run is.</summary>
public enum EvaluationJobState
{
    /// <summary>Waiting for the run before it.</summary>
    Queued,

    /// <summary>Being measured.</summary>
    Running,

    /// <summary>Finished; its report is in the run list.</summary>
    Completed,

    /// <summary>Stopped by an error; see the message.</summary>
    Failed,

    /// <summary>Cancelled from the page (or by the app stopping).</summary>
    Cancelled,
}

/// <summary>One queued or running evaluation, as the page shows it while it lasts.</summary>
public sealed class EvaluationJob
{
    private int _done;

    internal EvaluationJob(string id, EvaluationRequest request, DateTimeOffset queuedAt)
    {
        Id = id;
        Request = request;
        QueuedAt = queuedAt;
    }

    /// <summary>The id its run will have.</summary>
    public string Id { get; }

    /// <summary>What was asked.</summary>
    public EvaluationRequest Request { get; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset QueuedAt { get; }

    /// <summary>Where it is.</summary>
    public EvaluationJobState State { get; internal set; }

    /// <summary>Questions measured so far, over all modes and parts.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Questions to measure in total; 0 until the set has been read.</summary>
    public int Total { get; internal set; }

    /// <summary>Why it failed, in Dutch; null otherwise.</summary>
    public string? Message { get; internal set; }

    /// <summary>Whether it still may change: queued or running.</summary>
    public bool Active => State is EvaluationJobState.Queued or EvaluationJobState.Running;

    internal CancellationTokenSource Cancellation { get; } = new();

    internal void QuestionDone() => Interlocked.Increment(ref _done);
}

/// <summary>
/// The Evaluation page's queue: a bounded channel of runs that <see cref="EvaluationWorker"/> measures one at a time,
/// so an evaluation never takes more than one core from the agents who ask questions meanwhile. Pages subscribe to
/// <see cref="Changed"/> for live progress.
/// </summary>
public sealed class EvaluationQueue
{
    private const int JobsKept = 20;

    private readonly Channel<EvaluationJob> _channel;
    private readonly List<EvaluationJob> _jobs = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;

    /// <summary>Creates the queue with room for <see cref="EvaluationOptions.QueueCapacity"/> waiting runs.</summary>
    public EvaluationQueue(IOptions<EvaluationOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<EvaluationJob>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }

    /// <summary>Raised after any job changed (queued, progressed, finished); handlers must be quick and not throw.</summary>
    public event Action? Changed;

    /// <summary>How many runs may wait.</summary>
    public int Capacity { get; }

    /// <summary>The recent jobs, newest first.</summary>
    public IReadOnlyList<EvaluationJob> Jobs
    {
        get
        {
            lock (_lock)
            {
                return _jobs.AsEnumerable().Reverse().ToList();
            }
        }
    }

    internal ChannelReader<EvaluationJob> Reader => _channel.Reader;

    /// <summary>Queues <paramref name="request"/>; null with a Dutch reason when the queue is full.</summary>
    public (EvaluationJob? Job, string? Refusal) Enqueue(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetUtcNow();
        var id = $"{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Random.Shared.Next(0x10000):x4}";
        var job = new EvaluationJob(id, request, now);
        lock (_lock)
        {
            if (!_channel.Writer.TryWrite(job))
            {
                return (null, $"Er wachten al {Capacity} runs; start deze als er een klaar is.");
            }

            _jobs.Add(job);
            if (_jobs.Count > JobsKept)
            {
                _jobs.RemoveAll(j => !j.Active && _jobs.Count > JobsKept);
            }
        }

        Notify();
        return (job, null);
    }

    /// <summary>Cancels a queued or running job; false when there is no such active job.</summary>
    public bool Cancel(string id)
    {
        EvaluationJob? job;
        lock (_lock)
        {
            job = _jobs.FirstOrDefault(j => j.Id == id && j.Active);
        }

        if (job is null)
        {
            return false;
        }

        job.Cancellation.Cancel();
        if (job.State == EvaluationJobState.Queued)
        {
            // The worker skips it when it comes up; the page shows it as cancelled now.
            job.State = EvaluationJobState.Cancelled;
        }

        Notify();
        return true;
    }

    /// <summary>Tells subscribers something changed; a failing subscriber does not stop the others or the run.</summary>
    internal void Notify()
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
            {
                // A page that went away between the check and the call.
            }
        }
    }
}
