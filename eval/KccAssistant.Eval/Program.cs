using KccAssistant.Eval.Benchmark;
using KccAssistant.Eval.Calibration;
using KccAssistant.Eval.Comparison;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Eval.Export;

namespace KccAssistant.Eval;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            return args.FirstOrDefault() switch
            {
                "run" => await EvalCommand.RunAsync(args[1..], cancellation.Token),
                "compare" => await CompareCommand.RunAsync(args[1..], cancellation.Token),
                "calibrate" => await CalibrateCommand.RunAsync(args[1..], cancellation.Token),
                "self-calibrate" => await SelfCalibrateCommand.RunAsync(args[1..], cancellation.Token),
                "explain" => await ExplainCommand.RunAsync(args[1..], cancellation.Token),
                "bench" => await BenchCommand.RunAsync(args[1..], cancellation.Token),
                "export" => await ExportCommand.RunAsync(args[1..], cancellation.Token),
                _ => Usage(),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or FileNotFoundException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine($"""
            Gebruik:
              dotnet run --project eval/KccAssistant.Eval -- run --set FILE.jsonl [--data-dir DIR] [--modes hybrid,lexical,dense] [--split all|dev|test|dev,test] [--out DIR]
                  [--floors eval/floors.json [--floors-set NAAM]]
                  [--variant naam:sleutel=waarde,...]... [--verbose]
                  Elke metriek krijgt een 95%-interval (bootstrap over de vragen). --variant draait dezelfde vragen nog eens met
                  andere instellingen, naast de ingestelde (elk een eigen run, bv. --variant dw45:denseWeight=0.45
                  --variant streng:threshold=0.6). Instellingen die de index veranderen (chunkgrootte, model) vragen opnieuw
                  inlezen. --verbose toont een regel per vraag. Sleutels:
            {EvalVariant.Help}
              dotnet run --project eval/KccAssistant.Eval -- compare A/report.json B/report.json [--out DIR]
                  B − A per metriek met gepaard 95%-interval en de vragen met een andere uitkomst; exitcode 0 zonder
                  regressie, 1 bij een regressie buiten het interval, 2 als vergelijken niet kan.
              dotnet run --project eval/KccAssistant.Eval -- calibrate --set FILE.jsonl [--data-dir DIR] [--split dev] [--target-fnr 0.08] [--folds 10] [--out FILE] [--dry-run]
              dotnet run --project eval/KccAssistant.Eval -- run --set FILE.jsonl --split dev,test   (één run per deel; standaard all)
              dotnet run --project eval/KccAssistant.Eval -- self-calibrate [--data-dir DIR] [--target-fnr 0.10] [--out FILE] [--dry-run]
              dotnet run --project eval/KccAssistant.Eval -- explain [--data-dir DIR] "vraag"
              dotnet run -c Release --project eval/KccAssistant.Eval -- bench [--quick] [--out DIR]
              dotnet run --project eval/KccAssistant.Eval -- export --data-dir DIR --out FILE.jsonl [--since JJJJ-MM-DD]   (feedback als gelabelde vragen)
            """);
        return 2;
    }
}
