using KccAssistant.Ingest.Web;

namespace KccAssistant.Tests.Web;

public class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.NL/Paspoort", "https://www.example.nl/Paspoort")]
    [InlineData("https://example.nl:443/a", "https://example.nl/a")]
    [InlineData("http://example.nl:80/a", "http://example.nl/a")]
    [InlineData("http://example.nl:8080/a", "http://example.nl:8080/a")]
    [InlineData("https://example.nl/a/", "https://example.nl/a")]
    [InlineData("https://example.nl/a//", "https://example.nl/a")]
    [InlineData("https://example.nl", "https://example.nl/")]
    [InlineData("https://example.nl/", "https://example.nl/")]
    [InlineData("https://example.nl/a#kosten", "https://example.nl/a")]
    [InlineData("https://example.nl/a?utm_source=nieuwsbrief&utm_medium=email", "https://example.nl/a")]
    [InlineData("https://example.nl/a?gclid=123&fbclid=456&mc_cid=7&mc_eid=8&_ga=1", "https://example.nl/a")]
    [InlineData("https://example.nl/zoeken?q=paspoort&utm_campaign=x&page=2", "https://example.nl/zoeken?page=2&q=paspoort")]
    [InlineData("https://example.nl/a?b=2&a=1", "https://example.nl/a?a=1&b=2")]
    [InlineData("https://example.nl/a?", "https://example.nl/a")]
    [InlineData("https://example.nl/a/../b/./c", "https://example.nl/b/c")]
    public void TryNormalize_Variants_Canonical(string input, string expected)
    {
        Assert.True(UrlNormalizer.TryNormalize(input, null, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("mailto:info@example.nl")]
    [InlineData("tel:140555")]
    [InlineData("javascript:void(0)")]
    [InlineData("ftp://example.nl/file")]
    [InlineData("data:text/plain,hoi")]
    [InlineData("")]
    [InlineData("   ")]
    public void TryNormalize_NonHttp_False(string input)
    {
        Assert.False(UrlNormalizer.TryNormalize(input, new Uri("https://example.nl/a/b"), out _));
    }

    [Theory]
    [InlineData("c", "https://example.nl/a/c")]
    [InlineData("../c/", "https://example.nl/c")]
    [InlineData("/d?utm_term=x#top", "https://example.nl/d")]
    [InlineData("//other.example.org/x", "https://other.example.org/x")]
    [InlineData("?page=2", "https://example.nl/a/b?page=2")]
    [InlineData("#anker", "https://example.nl/a/b")]
    public void TryNormalize_RelativeLink_ResolvedAgainstBase(string href, string expected)
    {
        Assert.True(UrlNormalizer.TryNormalize(href, new Uri("https://example.nl/a/b"), out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void TryNormalize_SameDocumentSpelledDifferently_OneKey()
    {
        string[] spellings =
        [
            "https://Example.nl/afval/",
            "https://example.nl:443/afval#ophaaldagen",
            "https://example.nl/afval?utm_source=x",
            "https://example.nl/afval/?fbclid=abc",
        ];

        var keys = spellings.Select(s => UrlNormalizer.Normalize(s)).Distinct().ToList();

        Assert.Equal(["https://example.nl/afval"], keys);
    }
}
