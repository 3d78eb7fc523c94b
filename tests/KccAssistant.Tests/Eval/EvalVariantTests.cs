using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Tests.Eval;

public sealed class EvalVariantTests
{
    [Fact]
    public void Parse_KnownKeys_MapToConfigurationKeys()
    {
        var variant = EvalVariant.Parse("dw45:denseWeight=0.45,candidates=100,threshold=0.6,fusion=rrf,topK=3");

        Assert.Equal("dw45", variant.Name);
        Assert.Equal("0.45", variant.Configuration["Kcc:Retrieval:DenseWeight"]);
        Assert.Equal("100", variant.Configuration["Kcc:Retrieval:Candidates"]);
        Assert.Equal("0.6", variant.Configuration["Kcc:Answerability:ThresholdOverride"]);
        Assert.Equal("rrf", variant.Configuration["Kcc:Retrieval:Fusion"]);
        Assert.Equal("3", variant.Configuration["Kcc:Retrieval:MaxDocuments"]);
    }

    [Fact]
    public void Parse_UnknownKey_ErrorListsTheKnownKeys()
    {
        var error = Assert.Throws<ArgumentException>(() => EvalVariant.Parse("x:denseWieght=0.4"));

        Assert.Contains("denseWieght", error.Message, StringComparison.Ordinal);
        Assert.Contains("denseWeight, lexicalWeight", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("groot:chunkSize=200")]
    [InlineData("overlap:chunkOverlap=2")]
    [InlineData("e5:embeddingModel=/models/e5.onnx")]
    public void Parse_IndexSetting_RefusedWithReingestMessage(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => EvalVariant.Parse(text));

        Assert.Contains("opnieuw inlezen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dw:denseWeight=veel")]
    [InlineData("dw:denseWeight=0,45")]
    [InlineData("t:threshold=1.5")]
    [InlineData("c:candidates=2.5")]
    [InlineData("zonder-dubbele-punt")]
    [InlineData("leeg:")]
    [InlineData("hybrid:denseWeight=0.4")]
    [InlineData("met-streep:denseWeight=0.4")]
    [InlineData("dubbel:denseWeight=0.4,denseWeight=0.5")]
    public void Parse_Mistakes_ClearError(string text) =>
        Assert.Throws<ArgumentException>(() => EvalVariant.Parse(text));

    [Fact]
    public void ParseAll_DuplicateNames_Error() =>
        Assert.Throws<ArgumentException>(() => EvalVariant.ParseAll(["a:denseWeight=0.4", "a:denseWeight=0.5"]));

    [Fact]
    public void BuildHost_VariantOverrides_ReachTheBoundOptions()
    {
        var variant = EvalVariant.Parse("v:denseWeight=0.45,threshold=0.6");
        using var data = new KccAssistant.Tests.Support.TempDirectory();

        using var host = EvalCommand.BuildHost(data.Path, [], variant.Configuration);

        var services = host.Services;
        Assert.Equal(0.45, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<KccAssistant.Retrieval.RetrievalOptions>>(services).Value.DenseWeight);
        Assert.Equal(0.6, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<KccAssistant.Answering.Answerability.AnswerabilityOptions>>(services).Value.ThresholdOverride);
        var changed = RunDetails.ChangedSettingsOf(services);
        Assert.Equal("0.45 (standaard 0.3)", changed["Kcc:Retrieval:DenseWeight"]);
        Assert.Equal("0.6 (standaard leeg)", changed["Kcc:Answerability:ThresholdOverride"]);
    }
}
