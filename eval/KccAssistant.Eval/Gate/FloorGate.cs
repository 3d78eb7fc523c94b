namespace KccAssistant.Eval.Gate;

/// <summary>
/// The file side of the quality gate for <c>eval run --floors FILE [--floors-set NAME]</c>: the limits are read before
/// the run, so a broken floors file fails in a second instead of after the whole set; the verdict is taken from the
/// report.json just written, so the gate judges exactly what the report says.
/// </summary>
internal sealed class FloorGate
{
    private readonly string _source;
    private readonly SetFloors _floors;

    private FloorGate(string source, SetFloors floors)
    {
        _source = source;
        _floors = floors;
    }

    /// <summary>The gate for <paramref name="set"/>, or null when no floors file was given.</summary>
    /// <param name="floorsPath">The <c>--floors</c> value.</param>
    /// <param name="floorsSet">The <c>--floors-set</c> value; without it the set file's name without extension.</param>
    /// <param name="setPath">The labelled set being run.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<FloorGate?> LoadAsync(string? floorsPath, string? floorsSet, string setPath, CancellationToken cancellationToken)
    {
        if (floorsPath is null)
        {
            return null;
        }

        if (!File.Exists(floorsPath))
        {
            throw new FormatException($"Drempelbestand '{floorsPath}' bestaat niet.");
        }

        var json = await File.ReadAllTextAsync(floorsPath, cancellationToken);
        return new FloorGate(floorsPath, FloorCheck.Parse(json, floorsSet ?? Path.GetFileNameWithoutExtension(setPath), floorsPath));
    }

    /// <summary>Prints floor against measured value per metric and returns the exit code: 0 within all limits, 1 otherwise.</summary>
    public static async Task<int> CheckAsync(FloorGate? gate, string reportPath, CancellationToken cancellationToken)
    {
        if (gate is null)
        {
            return 0;
        }

        var runs = FloorCheck.RunsFromReport(await File.ReadAllTextAsync(reportPath, cancellationToken));
        var outcome = FloorCheck.Check(gate._floors, runs);
        Console.Write(FloorCheck.Table(outcome, gate._source));
        return outcome.ExitCode;
    }
}
