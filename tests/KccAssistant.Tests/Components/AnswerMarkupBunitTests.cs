using Bunit;
using KccAssistant.Web.Components;
using Microsoft.AspNetCore.Components;

namespace KccAssistant.Tests.Components;

/// <summary>
/// <see cref="AnswerMarkup.Render"/> as the Ask page places it (a &lt;p id="answer"&gt;), rendered through Blazor by
/// bUnit: the markup string must survive the renderer as links, and nothing from the answer may become markup.
/// </summary>
public sealed class AnswerMarkupBunitTests : BunitContext
{
    // The same shape as Home.razor's answer paragraph; the whole page needs search, models and a circuit.
    private IRenderedComponent<IComponent> RenderAnswer(string answer) => Render(builder =>
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "id", "answer");
        builder.AddAttribute(2, "class", "answer-text");
        builder.AddContent(3, AnswerMarkup.Render(answer));
        builder.CloseElement();
    });

    [Fact]
    public void Render_CitationMarkers_BecomeLinksToTheirCitationCards()
    {
        var rendered = RenderAnswer("Maak een afspraak [1]. Neem een pasfoto mee [2][12].");

        var links = rendered.FindAll("#answer a.cite-ref");
        Assert.Equal(["#cite-1", "#cite-2", "#cite-12"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["[1]", "[2]", "[12]"], links.Select(a => a.TextContent));
        Assert.Equal("Maak een afspraak [1]. Neem een pasfoto mee [2][12].", rendered.Find("#answer").TextContent);
    }

    [Theory]
    [InlineData("Zie [100] of [a] of [ 1 ] of [].")]
    [InlineData("Geen bronnen.")]
    public void Render_NoCitationMarker_NoLinks(string answer)
    {
        var rendered = RenderAnswer(answer);

        Assert.Empty(rendered.FindAll("a"));
        Assert.Equal(answer, rendered.Find("#answer").TextContent);
    }

    [Fact]
    public void Render_HtmlInAnswer_EncodedNotInjected()
    {
        const string answer = "<script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">klik</a> [1] & \"meer\"";

        var rendered = RenderAnswer(answer);

        Assert.Empty(rendered.FindAll("script, img"));
        var link = Assert.Single(rendered.FindAll("a"));
        Assert.Equal("#cite-1", link.GetAttribute("href"));
        Assert.Equal(answer, rendered.Find("#answer").TextContent);
    }

    [Fact]
    public void Render_MarkerInsideHtmlAttempt_StaysText()
    {
        // A marker cannot be used to close the generated link and open a tag of one's own.
        var rendered = RenderAnswer("[1]\"><script>alert(1)</script>");

        Assert.Empty(rendered.FindAll("script"));
        Assert.Equal("#cite-1", Assert.Single(rendered.FindAll("a")).GetAttribute("href"));
        Assert.Equal("[1]\"><script>alert(1)</script>", rendered.Find("#answer").TextContent);
    }
}
