using KccAssistant.Ingest.KnowledgeBase;

namespace KccAssistant.Tests.KnowledgeBase;

/// <summary>Plain-text knowledge-base fields keep their bullet lists as list lines, so /bron can show them as lists.</summary>
public sealed class RichTextListTests
{
    [Theory]
    [InlineData("Neem mee:\n• een pasfoto\n• uw oude paspoort")]
    [InlineData("Neem mee:\n- een pasfoto\n- uw oude paspoort")]
    [InlineData("Neem mee:\r\n* een pasfoto\r\n* uw oude paspoort")]
    [InlineData("Neem mee:\n  • een pasfoto\n  • uw oude paspoort")]
    public void ToPlainText_PlainTextBullets_StayListLines(string text) =>
        Assert.Equal("Neem mee:\n\n- een pasfoto\n- uw oude paspoort", RichText.ToPlainText(text));

    [Fact]
    public void ToPlainText_BulletInsideSentence_IsLeftAlone() =>
        Assert.Equal("Kies groen • grijs of papier.", RichText.ToPlainText("Kies groen • grijs of papier."));
}
