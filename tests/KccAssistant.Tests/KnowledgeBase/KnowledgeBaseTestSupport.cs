using System.Text;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.KnowledgeBase;

/// <summary>Where the repository and the shared data folder beside it are, found from the test's bin folder.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string?> LazyRoot = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KccAssistant.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    });

    /// <summary>The folder holding KccAssistant.sln, or null.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>../shared/data relative to the repository root, or null when the repository root is unknown.</summary>
    public static string? SharedData => Root is null ? null : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
}

/// <summary>A temporary folder for fixture files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kcc-kb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class IngestItems
{
    public static SourceContext Context(string sourceName = "kennisbank") => new(sourceName, new Dictionary<string, KccAssistant.Stores.DocumentState>());

    public static async Task<List<IngestItem>> ReadAllAsync(this ISourceReader reader, string sourceName = "kennisbank")
    {
        var items = new List<IngestItem>();
        await foreach (var item in reader.ReadAsync(Context(sourceName)))
        {
            // The expected total is a hint for the editor's progress bar, not something read; IngestProgressTests cover it.
            if (item is not TotalItem)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public static List<SourceDocument> Documents(this IEnumerable<IngestItem> items)
        => items.OfType<DocumentItem>().Select(i => i.Document).ToList();

    public static List<SkippedItem> Skips(this IEnumerable<IngestItem> items) => items.OfType<SkippedItem>().ToList();

    /// <summary>Everything of a document that could end up in the index or a citation.</summary>
    public static string AllText(this SourceDocument document)
    {
        var builder = new StringBuilder();
        builder.AppendLine(document.Id).AppendLine(document.Title).AppendLine(document.Url).AppendLine(document.Question)
            .AppendLine(string.Join('|', document.Keywords));
        foreach (var section in document.Sections)
        {
            builder.AppendLine(section.Heading).AppendLine(section.Anchor).AppendLine(section.Text);
        }

        return builder.ToString();
    }
}

/// <summary>A clock standing still at a given moment.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
