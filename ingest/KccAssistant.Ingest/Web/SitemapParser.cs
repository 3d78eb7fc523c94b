using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace KccAssistant.Ingest.Web;

/// <summary>One &lt;url&gt; or &lt;sitemap&gt; entry of a sitemap.</summary>
/// <param name="Location">The entry's &lt;loc&gt;, as written.</param>
/// <param name="LastModified">The entry's &lt;lastmod&gt;, when present and valid.</param>
public sealed record SitemapEntry(string Location, DateTimeOffset? LastModified);

/// <summary>A parsed sitemap: either a list of pages or an index of further sitemaps.</summary>
/// <param name="IsIndex">True for a &lt;sitemapindex&gt;.</param>
/// <param name="Entries">Pages (urlset) or child sitemaps (sitemapindex).</param>
public sealed record Sitemap(bool IsIndex, IReadOnlyList<SitemapEntry> Entries);

/// <summary>Reads sitemaps.org XML sitemaps and sitemap indexes, plain or gzip-compressed.</summary>
public static class SitemapParser
{
    /// <summary>The sitemaps.org limit on an uncompressed sitemap.</summary>
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;

    /// <summary>The sitemaps.org limit on entries per sitemap.</summary>
    public const int MaxEntries = 50_000;

    /// <summary>Parses a sitemap; gzip is recognised by its magic bytes, whatever the content type says.</summary>
    /// <exception cref="XmlException">The content is not a well-formed sitemap.</exception>
    /// <exception cref="InvalidDataException">The content is larger than <see cref="MaxUncompressedBytes"/> uncompressed.</exception>
    public static Sitemap Parse(ReadOnlyMemory<byte> content)
    {
        using var raw = new MemoryStream(content.ToArray(), writable: false);
        var span = content.Span;
        Stream stream = span.Length >= 2 && span[0] == 0x1f && span[1] == 0x8b
            ? new GZipStream(raw, CompressionMode.Decompress)
            : raw;
        using var limited = new LimitedReadStream(stream, MaxUncompressedBytes);
        return Parse(limited);
    }

    private static Sitemap Parse(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(stream, settings);

        bool? isIndex = null;
        var entries = new List<SitemapEntry>();
        string? location = null;
        DateTimeOffset? lastModified = null;
        var inEntry = false;

        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "urlset" when isIndex is null:
                        isIndex = false;
                        break;
                    case "sitemapindex" when isIndex is null:
                        isIndex = true;
                        break;
                    case "url" or "sitemap":
                        inEntry = true;
                        location = null;
                        lastModified = null;
                        break;
                    case "loc" when inEntry:
                        // ReadElementContentAsString leaves the reader on the next node: no Read() after it.
                        location = reader.ReadElementContentAsString().Trim();
                        continue;
                    case "lastmod" when inEntry:
                        lastModified = ParseW3cDate(reader.ReadElementContentAsString());
                        continue;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName is "url" or "sitemap" && inEntry)
            {
                inEntry = false;
                if (!string.IsNullOrEmpty(location) && entries.Count < MaxEntries)
                {
                    entries.Add(new SitemapEntry(location, lastModified));
                }
            }

            reader.Read();
        }

        return isIndex is null
            ? throw new XmlException("Not a sitemap: the root is neither <urlset> nor <sitemapindex>.")
            : new Sitemap(isIndex.Value, entries);
    }

    private static DateTimeOffset? ParseW3cDate(string value) =>
        DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
