using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>Knowledge-base import logging: locations, ids and counts; document text only at Trace.</summary>
internal static partial class KnowledgeBaseLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Reading knowledge base {Location} for source {SourceName}")]
    public static partial void Reading(ILogger logger, string location, string sourceName);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Read knowledge base {Location}: {Documents} documents, {Skipped} skipped in {ElapsedMs} ms")]
    public static partial void Finished(ILogger logger, string location, int documents, int skipped, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Read {Location}: {Items} items")]
    public static partial void Read(ILogger logger, string location, int items);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Read page {Page} of {Url}: {Items} items")]
    public static partial void PageRead(ILogger logger, int page, string url, int items);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Could not read {Location}: {Reason}")]
    public static partial void Failed(ILogger logger, string location, string reason);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Stopped paging {Url} after {Pages} pages: {Reason}")]
    public static partial void PagingStopped(ILogger logger, string url, int pages, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "Skipped {Location} ({Reason}): {Detail}")]
    public static partial void Skipped(ILogger logger, string location, SkipReason reason, string detail);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Ignored {Path}: not a *.json or *.md file")]
    public static partial void Ignored(ILogger logger, string path);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Trace, Message = "Document {DocumentId} ({Type}): {Title}")]
    public static partial void Document(ILogger logger, string documentId, KccAssistant.Documents.SourceType type, string title);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Debug, Message = "{Location} holds a list with a next link; links in files are not followed")]
    public static partial void NextInFileIgnored(ILogger logger, string location);
}
