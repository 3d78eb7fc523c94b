using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Embeddings;
using KccAssistant.Eval.Calibration;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary><c>eval calibrate</c> against the sample index the web app ingested on first start.</summary>
[Collection(WebAppCollection.Name)]
public sealed class CalibrateCommandTests(WebAppFixture app) : IDisposable
{
    private readonly TempDirectory _output = new();

    [Fact]
    public async Task Calibrate_SampleSet_WritesAModelThatMeetsTheNoAnswerTargetOnHeldOutQuestions()
    {
        var path = Path.Combine(_output.Path, "answerability.json");
        var set = Path.Combine(RepositoryPaths.Root, "eval", "sets", "lindenhaven.jsonl");

        var exit = await CalibrateCommand.RunAsync(["--set", set, "--data-dir", app.DataDirectory, "--out", path], CancellationToken.None);

        Assert.Equal(0, exit);
        var calibration = JsonSerializer.Deserialize<AnswerabilityCalibration>(await File.ReadAllTextAsync(path), AnswerabilityModelProvider.Json)!;
        Assert.Null(calibration.ToModel().Problem());
        // The bundled model, with the English gloss when the FreeDict dictionary is installed.
        Assert.Equal(app.Services.GetRequiredService<OnnxEmbeddingGenerator>().ModelId, calibration.EmbeddingModel);
        Assert.StartsWith("all-MiniLM-L6-v2-int8", calibration.EmbeddingModel, StringComparison.Ordinal);
        var info = calibration.Calibration!;
        // Fitted on the dev part only (102 of the 204 questions): the test part stays for reporting.
        var devQuestions = File.ReadLines(set).Count(l => l.Contains("\"split\": \"dev\"", StringComparison.Ordinal));
        Assert.Equal(102, devQuestions);
        Assert.Equal(devQuestions, info.Questions);
        Assert.Equal("lindenhaven.jsonl (dev)", info.Set);
        // The target, on questions the model and threshold were fitted without.
        Assert.True(info.CrossValidated.NoAnswerAccuracy >= 0.80, info.CrossValidated.ToString());
        Assert.True(info.CrossValidated.FalseNoAnswerRate <= 0.10, info.CrossValidated.ToString());
    }

    [Fact]
    public async Task Calibrate_AlsoTwoSets_FitsOnTheDevPartsOfAllThree()
    {
        // The shipped defaults are fitted on three sets over two indexes; here the sample set stands in for all three.
        var path = Path.Combine(_output.Path, "three.json");
        var set = Path.Combine(RepositoryPaths.Root, "eval", "sets", "lindenhaven.jsonl");

        var exit = await CalibrateCommand.RunAsync(
            ["--set", set, "--data-dir", app.DataDirectory, "--also", $"{set}={app.DataDirectory}, {set}={app.DataDirectory}", "--out", path],
            CancellationToken.None);

        Assert.Equal(0, exit);
        var calibration = JsonSerializer.Deserialize<AnswerabilityCalibration>(await File.ReadAllTextAsync(path), AnswerabilityModelProvider.Json)!;
        var devQuestions = File.ReadLines(set).Count(l => l.Contains("\"split\": \"dev\"", StringComparison.Ordinal));
        Assert.Equal(3 * devQuestions, calibration.Calibration!.Questions);
        Assert.Equal(AnswerabilityFeatures.Names.Order(), calibration.Weights.Keys.Order());
    }

    [Fact]
    public async Task Calibrate_DryRun_WritesNothing()
    {
        var path = Path.Combine(_output.Path, "dry.json");
        var set = Path.Combine(RepositoryPaths.Root, "eval", "sets", "lindenhaven.jsonl");

        var exit = await CalibrateCommand.RunAsync(["--set", set, "--data-dir", app.DataDirectory, "--out", path, "--dry-run"], CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.False(File.Exists(path));
    }

    public void Dispose() => _output.Dispose();
}
