using Bunit;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Web.Components.Sources;

namespace KccAssistant.Tests.Components;

/// <summary><see cref="SkippedItemsTable"/> rendered by bUnit: filtering by reason and paging on the Bronnen page.</summary>
public sealed class SkippedItemsTableBunitTests : BunitContext
{
    // 30 robots skips (two pages) and 3 confidential ones, the latter without title or link as the pipeline records them.
    private static List<SkipEntry> Items() =>
    [
        .. Enumerable.Range(1, 30).Select(i => new SkipEntry("Website", $"https://www.gemeente.nl/intern/{i}", "Robots", "disallowed by robots.txt",
            Title: $"Interne pagina {i}", Url: $"https://www.gemeente.nl/intern/{i}")),
        .. Enumerable.Range(1, 3).Select(i => new SkipEntry("Kennisbank", $"vac/{i}", "Confidential", "marked confidential")),
    ];

    private IRenderedComponent<SkippedItemsTable> RenderTable(IReadOnlyList<SkipEntry> items) =>
        Render<SkippedItemsTable>(p => p.Add(c => c.Items, items));

    [Fact]
    public void Render_Reasons_FilterOffersOnlyReasonsPresentWithDutchLabelsAndCounts()
    {
        var table = RenderTable(Items());

        var options = table.FindAll("#skip-filter option");
        Assert.Equal(["", "Robots", "Confidential"], options.Select(o => o.GetAttribute("value")));
        Assert.Equal(["alle redenen (33)", "robots (30)", "vertrouwelijk (3)"], options.Select(o => o.TextContent));
        Assert.Empty(table.FindAll("#skip-explanation"));
    }

    [Fact]
    public void Render_MoreThanOnePage_First25RowsAndPager()
    {
        var table = RenderTable(Items());

        var rows = table.FindAll("#skipped tbody tr");
        Assert.Equal(SkippedItemsTable.PageSize, rows.Count);
        Assert.Equal(25, rows.Count);
        Assert.Equal("Interne pagina 1", rows[0].QuerySelector(".skip-item a")!.TextContent);
        Assert.Equal("Interne pagina 25", rows[24].QuerySelector(".skip-item a")!.TextContent);
        Assert.Equal("Pagina 1 van 2", table.Find("#skip-page").TextContent);
        Assert.True(table.Find("#skip-prev").HasAttribute("disabled"));
        Assert.False(table.Find("#skip-next").HasAttribute("disabled"));
    }

    [Fact]
    public void Click_Next_ShowsRemainingRowsThenPreviousGoesBack()
    {
        var table = RenderTable(Items());

        table.Find("#skip-next").Click();

        var rows = table.FindAll("#skipped tbody tr");
        Assert.Equal(8, rows.Count);
        Assert.Equal("Interne pagina 26", rows[0].QuerySelector(".skip-item a")!.TextContent);
        Assert.Equal("(vertrouwelijk item: titel niet getoond)", rows[7].QuerySelector(".skip-item span")!.TextContent);
        Assert.Equal("Pagina 2 van 2", table.Find("#skip-page").TextContent);
        Assert.True(table.Find("#skip-next").HasAttribute("disabled"));
        Assert.False(table.Find("#skip-prev").HasAttribute("disabled"));

        table.Find("#skip-prev").Click();

        Assert.Equal("Pagina 1 van 2", table.Find("#skip-page").TextContent);
        Assert.Equal(25, table.FindAll("#skipped tbody tr").Count);
    }

    [Fact]
    public void Change_FilterToReason_OnlyThatReasonFromFirstPageWithExplanation()
    {
        var table = RenderTable(Items());
        table.Find("#skip-next").Click();

        table.Find("#skip-filter").Change("Confidential");

        var rows = table.FindAll("#skipped tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("vertrouwelijk", r.QuerySelector(".skip-reason")!.TextContent));
        Assert.All(rows, r => Assert.Equal("Kennisbank", r.QuerySelector("td[data-label=Bron]")!.TextContent));
        // One page: no pager.
        Assert.Empty(table.FindAll("#skip-page"));
        Assert.Equal("Gemarkeerd als intern of vertrouwelijk; alleen openbare informatie wordt ingelezen.", table.Find("#skip-explanation").TextContent);
    }

    [Fact]
    public void Change_FilterOnSecondPage_BackToFirstPage()
    {
        var table = RenderTable(Items());
        table.Find("#skip-next").Click();

        table.Find("#skip-filter").Change("Robots");

        Assert.Equal("Pagina 1 van 2", table.Find("#skip-page").TextContent);
        var rows = table.FindAll("#skipped tbody tr");
        Assert.Equal(25, rows.Count);
        Assert.All(rows, r => Assert.Equal("robots", r.QuerySelector(".skip-reason")!.TextContent));

        table.Find("#skip-filter").Change("");

        Assert.Empty(table.FindAll("#skip-explanation"));
        Assert.Equal("Pagina 1 van 2", table.Find("#skip-page").TextContent);
    }

    [Fact]
    public void Render_Row_DutchReasonExplanationAndDetailLinkOnlyForSafeUrl()
    {
        var table = RenderTable(
        [
            new SkipEntry("Website", "https://www.gemeente.nl/geheim", "Robots", "disallowed by robots.txt", Title: "Geheim", Url: "https://www.gemeente.nl/geheim"),
            new SkipEntry("Website", "https://www.gemeente.nl/x", "NoIndex", "meta robots noindex", Title: "Script", Url: "javascript:alert(1)"),
            new SkipEntry("Website", "pagina.html", "SomethingNew", "whatever"),
        ]);

        var rows = table.FindAll("#skipped tbody tr");
        var link = rows[0].QuerySelector(".skip-item a")!;
        Assert.Equal("https://www.gemeente.nl/geheim", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.Equal("Geheim", link.TextContent);
        Assert.Equal("robots", rows[0].QuerySelector(".skip-reason")!.TextContent);
        Assert.Equal("De website vraagt zoekmachines deze pagina niet te bezoeken (robots.txt).", rows[0].QuerySelector(".skip-reason")!.GetAttribute("title"));
        Assert.Equal("uitgesloten door robots.txt", rows[0].QuerySelector("td[data-label=Toelichting]")!.TextContent);

        // An unsafe link is shown as text, never as a link.
        Assert.Null(rows[1].QuerySelector("a"));
        Assert.Equal("Script", rows[1].QuerySelector(".skip-item span")!.TextContent);
        Assert.Equal("noindex", rows[1].QuerySelector(".skip-reason")!.TextContent);
        Assert.Equal("de pagina vraagt om niet te indexeren (meta robots noindex)", rows[1].QuerySelector("td[data-label=Toelichting]")!.TextContent);

        // A reason this page does not know yet.
        Assert.Equal("overig", rows[2].QuerySelector(".skip-reason")!.TextContent);
        Assert.Equal("(zonder titel)", rows[2].QuerySelector(".skip-item span")!.TextContent);
        Assert.Equal("pagina.html", rows[2].QuerySelector(".skip-item div")!.TextContent);

        Assert.Empty(table.FindAll("#skip-page"));
    }
}
