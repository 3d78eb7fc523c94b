using KccAssistant.Configuration;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Web;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>Creates the reader for a configured source: crawler or saved-site folder, or knowledge-base reader.</summary>
public sealed class SourceReaderFactory(WebSourceReaderFactory web, KnowledgeBaseReaderFactory knowledgeBase) : ISourceReaderFactory
{
    /// <inheritdoc />
    public ISourceReader Create(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Locations.Count == 0)
        {
            throw new ArgumentException($"Bron '{source.Name}' heeft geen Locations.");
        }

        var locations = source.Locations.Select(l => IsUrl(l) ? l : KccPaths.Resolve(l)).ToList();
        if (source.Kind == SourceKind.Site)
        {
            Uri? baseUrl = source.BaseUrl is { Length: > 0 } configured ? new Uri(configured) : null;
            return locations.All(IsUrl)
                ? web.CreateCrawler(locations.Select(l => new Uri(l)))
                : new CompositeReader(locations.Select(l => web.Create(l, baseUrl)).ToList());
        }

        var readers = locations.Select(location => (ISourceReader)knowledgeBase.Create(new KnowledgeBaseReaderOptions
        {
            Location = location,
            AuthHeader = source.Authorization is { Length: > 0 } auth ? $"Authorization: {auth}" : null,
        })).ToList();
        return readers.Count == 1 ? readers[0] : new CompositeReader(readers);
    }

    private static bool IsUrl(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads several locations of one source one after the other.</summary>
    private sealed class CompositeReader(IReadOnlyList<ISourceReader> readers) : ISourceReader
    {
        public async IAsyncEnumerable<IngestItem> ReadAsync(SourceContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var reader in readers)
            {
                await foreach (var item in reader.ReadAsync(context, cancellationToken))
                {
                    yield return item;
                }
            }
        }
    }
}
