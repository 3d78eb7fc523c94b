using Microsoft.Extensions.Logging;

namespace KccAssistant.Answering.Generative;

/// <summary>Source-generated log messages of the generative mode. Questions, prompts and replies only at Trace.</summary>
internal static partial class GenerationLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Trace, Message = "Prompt for {Model} with {Sources} sources: {Prompt}")]
    public static partial void Prompt(ILogger logger, string model, int sources, string prompt);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Trace, Message = "Reply of {Model}: {Reply}")]
    public static partial void Reply(ILogger logger, string model, string reply);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information,
        Message = "Generated answer by {Model} in {Milliseconds:F0} ms: kept {Kept} sentences, dropped {Dropped}, removed {RemovedCitations} unknown citations")]
    public static partial void Generated(ILogger logger, string model, double milliseconds, int kept, int dropped, int removedCitations);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning,
        Message = "Generated answer by {Model} not used ({Reason}) after {Milliseconds:F0} ms; the extractive answer is returned")]
    public static partial void FellBack(ILogger logger, string model, string reason, double milliseconds);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Asking {Model} failed; the extractive answer is returned")]
    public static partial void Failed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Debug, Message = "Dropped a generated sentence ({Verdict}, support {Support:F2}, citations {Citations})")]
    public static partial void Dropped(ILogger logger, string verdict, double support, string citations);
}
