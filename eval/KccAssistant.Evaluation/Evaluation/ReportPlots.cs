using System.Globalization;
using ScottPlot;

namespace KccAssistant.Eval.Evaluation;

/// <summary>A plot written beside the report.</summary>
/// <param name="File">File name, relative to the report.</param>
/// <param name="Alt">Alternative text: what the plot shows, for screen readers and broken images.</param>
/// <param name="Caption">How to read it.</param>
public sealed record ReportPlot(string File, string Alt, string Caption);

/// <summary>
/// The plots of a run as PNG files (ScottPlot), sized and labelled to go on a slide: recall@k per mode and variant, the
/// "geen antwoord" trade-off with the threshold in use marked, and the latency spread per mode. Legends sit outside the
/// data area so they never cover a line.
/// </summary>
public static class ReportPlots
{
    private const int Width = 900;
    private const int Height = 500;
    private const string FontName = "DejaVu Sans";

    /// <summary>Writes the plots into <paramref name="directory"/> and says which files were written.</summary>
    public static IReadOnlyList<ReportPlot> Write(string directory, IReadOnlyList<ModeRun> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plots = new List<ReportPlot>();
        if (RecallCurves(runs) is { } recall)
        {
            plots.Add(Save(recall, directory, "recall-at-k.png",
                "Recall@k voor k = 1 tot 10, een lijn per modus en variant",
                "Aandeel beantwoordbare vragen met een relevant document in de eerste k resultaten."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (TradeOff(runs) is { } tradeOff)
        {
            plots.Add(Save(tradeOff, directory, "no-answer-tradeoff.png",
                "Afweging 'geen antwoord': noAnswerAccuracy tegen falseNoAnswerRate over de drempels 0 tot 1, met de drempel in gebruik gemarkeerd",
                "Elke lijn loopt over de drempel van 0 tot 1 (stap 0,05); linksboven is beter. De ruit is de drempel in gebruik."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (Latency(runs) is { } latency)
        {
            plots.Add(Save(latency, directory, "latency.png",
                "Antwoordtijd per modus en variant: mediaan, kwartielen en 5e tot 95e percentiel in milliseconden",
                "Doos: 25e tot 75e percentiel met de mediaan; snorharen: 5e tot 95e percentiel van de tijd per vraag."));
        }

        return plots;
    }

    private static ReportPlot Save(Plot plot, string directory, string file, string alt, string caption)
    {
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return new ReportPlot(file, alt, caption);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static Plot? RecallCurves(IReadOnlyList<ModeRun> runs)
    {
        var curves = runs.Select(r => (Run: r, Curve: RunMetrics.RecallCurve(r.Questions))).Where(c => c.Curve.All(v => v.HasValue)).ToList();
        if (curves.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Recall@k per modus", "k (aantal documenten bovenaan)", "recall@k");
        var ks = Enumerable.Range(1, RunMetrics.K).Select(k => (double)k).ToArray();
        foreach (var (run, curve) in curves)
        {
            var line = plot.Add.Scatter(ks, curve.Select(v => v!.Value).ToArray());
            line.LegendText = run.Name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var k in ks)
        {
            ticks.AddMajor(k, k.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        var lowest = curves.Min(c => c.Curve.Min(v => v!.Value));
        plot.Axes.SetLimits(0.5, RunMetrics.K + 0.5, Math.Max(0, Math.Floor((lowest - 0.05) * 10) / 10), 1.02);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot? TradeOff(IReadOnlyList<ModeRun> runs)
    {
        var usable = runs.Where(r => r.Sweep.Count > 0 && r.Sweep.All(p => p.NoAnswerAccuracy.HasValue && p.FalseNoAnswerRate.HasValue)).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Afweging 'geen antwoord' over de drempel", "falseNoAnswerRate (beantwoordbare vragen geweigerd)", "noAnswerAccuracy (onbeantwoordbare vragen geweigerd)");
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < usable.Count; i++)
        {
            var run = usable[i];
            var color = palette.GetColor(i);
            var line = plot.Add.Scatter(run.Sweep.Select(p => p.FalseNoAnswerRate!.Value).ToArray(), run.Sweep.Select(p => p.NoAnswerAccuracy!.Value).ToArray(), color);
            line.LegendText = run.Threshold is { } t ? FormattableString.Invariant($"{run.Name} (drempel {t:0.00})") : run.Name;
            line.LineWidth = 2;
            line.MarkerSize = 4;
            if (run.Metric("falseNoAnswerRate") is { } x && run.Metric("noAnswerAccuracy") is { } y)
            {
                // What the assistant actually did at its threshold, not the nearest sweep step; the label stays short
                // (the threshold) because the legend names the run, and long labels of nearby markers would collide.
                plot.Add.Marker(x, y, MarkerShape.FilledDiamond, 14, color);
                if (run.Threshold is { } threshold)
                {
                    var label = plot.Add.Text(threshold.ToString("0.00", CultureInfo.InvariantCulture), x, y);
                    label.LabelFontSize = 12;
                    label.LabelFontName = FontName;
                    label.LabelFontColor = color;
                    label.LabelBold = true;
                    label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
                    label.LabelAlignment = Alignment.MiddleLeft;
                    label.OffsetX = 10;
                }
            }
        }

        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot? Latency(IReadOnlyList<ModeRun> runs)
    {
        var measured = runs.Where(r => r.Questions.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Antwoordtijd per vraag", "", "milliseconden per vraag (ask)");
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < measured.Count; i++)
        {
            var times = measured[i].Questions.Select(q => q.Milliseconds).ToList();
            var box = new Box
            {
                Position = i,
                BoxMin = Metrics.Percentile(times, 25),
                BoxMax = Metrics.Percentile(times, 75),
                BoxMiddle = Metrics.Percentile(times, 50),
                WhiskerMin = Metrics.Percentile(times, 5),
                WhiskerMax = Metrics.Percentile(times, 95),
                Width = 0.5,
            };
            box.FillColor = palette.GetColor(i).WithAlpha(0.6);
            plot.Add.Box(box);
            // One part of the name per line (mode, variant, part): nine runs side by side stay readable unrotated.
            ticks.AddMajor(i, measured[i].Name.Replace('-', '\n'));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.6, measured.Count - 0.4);
        plot.Axes.SetLimitsY(0, measured.Max(r => Metrics.Percentile(r.Questions.Select(q => q.Milliseconds).ToList(), 95)) * 1.1);
        return plot;
    }
}
