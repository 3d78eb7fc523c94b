using Bunit;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Web.Components.Sources;

namespace KccAssistant.Tests.Components;

/// <summary><see cref="SourceProgressBar"/> rendered by bUnit: one source's bar and texts on the Bronnen page.</summary>
public sealed class SourceProgressBarBunitTests : BunitContext
{
    private IRenderedComponent<SourceProgressBar> RenderBar(SourceProgress progress) =>
        Render<SourceProgressBar>(p => p.Add(c => c.Progress, progress));

    [Fact]
    public void Render_RunningWithSitemapTotal_BarPercentageRateAndTimeLeft()
    {
        // 40 of 100 in 2 minutes: 20 per minute, 60 left, so 3 minutes to go.
        var bar = RenderBar(new SourceProgress("Website", SourceRunState.Running, 40, 100, TotalBasis.Sitemap, 38, 2, 120));

        var root = bar.Find("div.source-progress");
        Assert.Equal("Website", root.GetAttribute("data-source"));
        Assert.Equal("running", root.GetAttribute("data-state"));
        Assert.Equal("bezig, 2 min 00 s", bar.Find("div.source-progress > div > span.small").TextContent);
        var progress = bar.Find("progress");
        Assert.Equal("100", progress.GetAttribute("max"));
        Assert.Equal("40", progress.GetAttribute("value"));
        Assert.Equal("Voortgang Website", progress.GetAttribute("aria-label"));
        var text = Normalize(bar.Find(".progress-text").TextContent);
        Assert.Equal("40 van 100 (totaal uit sitemap), 40% · 20 documenten/min · nog ongeveer 3 min 00 s · 2 overgeslagen", text);
        Assert.Equal(" · nog ongeveer 3 min 00 s", bar.Find(".progress-remaining").TextContent);
    }

    [Theory]
    [InlineData(TotalBasis.Sitemap, "totaal uit sitemap")]
    [InlineData(TotalBasis.KnowledgeBase, "totaal uit de kennisbank")]
    [InlineData(TotalBasis.Folder, "totaal uit de map met de opgeslagen site")]
    [InlineData(TotalBasis.PreviousRun, "schatting: vorige run")]
    public void Render_TotalBasis_NamesWhereTheTotalComesFromInDutch(TotalBasis basis, string label)
    {
        var bar = RenderBar(new SourceProgress("VAC", SourceRunState.Running, 1, 3, basis, 1, 0, 0.5));

        Assert.Contains($"({label})", bar.Find(".progress-text").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunningWithoutTotal_IndeterminateBarNoPercentageNoTimeLeft()
    {
        var bar = RenderBar(new SourceProgress("Website", SourceRunState.Running, 12, null, null, 12, 0, 30));

        var progress = bar.Find("progress");
        // No max and no value: the browser shows a moving bar, not a made-up fraction.
        Assert.False(progress.HasAttribute("max"));
        Assert.False(progress.HasAttribute("value"));
        Assert.Equal("Voortgang Website", progress.GetAttribute("aria-label"));
        var text = Normalize(bar.Find(".progress-text").TextContent);
        Assert.Equal("12 (totaal nog onbekend) · 24 documenten/min", text);
        Assert.DoesNotContain("%", text, StringComparison.Ordinal);
        Assert.DoesNotContain("van", text, StringComparison.Ordinal);
        Assert.Empty(bar.FindAll(".progress-remaining"));
    }

    [Fact]
    public void Render_Waiting_EmptyBarNoRate()
    {
        var bar = RenderBar(new SourceProgress("Kennisbank", SourceRunState.Waiting, 0, null, null, 0, 0, 0));

        Assert.Equal("waiting", bar.Find("div.source-progress").GetAttribute("data-state"));
        Assert.Equal("wacht", bar.Find("div.source-progress > div > span.small").TextContent);
        var progress = bar.Find("progress");
        Assert.Equal("1", progress.GetAttribute("max"));
        Assert.Equal("0", progress.GetAttribute("value"));
        Assert.Equal("0 (totaal nog onbekend)", Normalize(bar.Find(".progress-text").TextContent));
    }

    [Fact]
    public void Render_Done_FullBarNoTimeLeft()
    {
        var bar = RenderBar(new SourceProgress("Website", SourceRunState.Done, 250, 250, TotalBasis.Sitemap, 250, 0, 65));

        Assert.Equal("klaar in 1 min 05 s", bar.Find("div.source-progress > div > span.small").TextContent);
        Assert.Equal("250", bar.Find("progress").GetAttribute("value"));
        Assert.Equal("250", bar.Find("progress").GetAttribute("max"));
        var text = Normalize(bar.Find(".progress-text").TextContent);
        Assert.StartsWith("250 van 250 (totaal uit sitemap), 100%", text, StringComparison.Ordinal);
        Assert.Empty(bar.FindAll(".progress-remaining"));
        Assert.DoesNotContain("overgeslagen", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Failed_SaysPreviousContentStays()
    {
        var bar = RenderBar(new SourceProgress("Website", SourceRunState.Failed, 3, 100, TotalBasis.Sitemap, 3, 0, 4));

        Assert.Equal("failed", bar.Find("div.source-progress").GetAttribute("data-state"));
        Assert.Equal("mislukt; de vorige inhoud blijft", bar.Find("div.source-progress > div > span.small").TextContent);
        Assert.Empty(bar.FindAll(".progress-remaining"));
    }

    // The template's line breaks and indentation become white space in the text; only the words matter here.
    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
