using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Web.Components;

namespace KccAssistant.Tests.App;

public sealed class AnswerMarkupLinkTests
{
    private static Citation Cite(string url, SourceType type = SourceType.Website) =>
        new(1, "Titel", url, "tekst", [], type, "", null, "doc/1", 1);

    [Theory]
    [InlineData("javascript:alert(document.domain)//")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("//phishing.example/pagina")]
    [InlineData("/bron/elders")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://ftp.example.nl/x")]
    [InlineData("http:/www.example.nl")]
    [InlineData("https:\\\\www.example.nl")]
    [InlineData(" https://www.example.nl/")]
    [InlineData("")]
    public void Link_UrlNotAbsoluteHttp_StoredCopy(string url)
    {
        Assert.Equal("bron/doc%2F1", AnswerMarkup.Link(Cite(url)));
        Assert.Equal("bron/doc%2F1", AnswerMarkup.Link(Cite(url, SourceType.Rijksoverheid)));
        Assert.Equal("bron/doc%2F1", AnswerMarkup.WithSafeUrls(Response(Cite(url)))!.Citations[0].Url);
    }

    [Theory]
    [InlineData("https://www.lindenhaven.nl/paspoort#kosten")]
    [InlineData("http://www.example.nl/pagina?x=1")]
    [InlineData("HTTPS://WWW.EXAMPLE.NL/")]
    public void Link_AbsoluteHttpUrlOfAWebsite_ThatUrl(string url)
    {
        Assert.Equal(url, AnswerMarkup.Link(Cite(url)));
        Assert.Equal(url, AnswerMarkup.WithSafeUrls(Response(Cite(url)))!.Citations[0].Url);
        Assert.Equal("bron/doc%2F1", AnswerMarkup.Link(Cite(url, SourceType.Vac)));
    }

    private static AskResponse Response(Citation citation) =>
        new(true, "Antwoord [1].", [citation], 1, "hybrid", new AskTimings(0, 0, 0, 0));
}
