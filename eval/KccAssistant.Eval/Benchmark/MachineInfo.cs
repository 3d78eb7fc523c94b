using System.Globalization;
using System.Runtime.InteropServices;

namespace KccAssistant.Eval.Benchmark;

/// <summary>What the numbers were measured on, and how busy the machine was around the run.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Cpu">CPU model, when /proc/cpuinfo says.</param>
/// <param name="MemoryMb">Physical memory in MiB, when /proc/meminfo says.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Dotnet">.NET runtime.</param>
/// <param name="LoadAverageStart">1-minute load average when the run started.</param>
/// <param name="LoadAverageEnd">1-minute load average when it ended.</param>
internal sealed record MachineInfo(int Cores, string? Cpu, double? MemoryMb, string Os, string Dotnet, double? LoadAverageStart, double? LoadAverageEnd)
{
    /// <summary>Describes this machine now.</summary>
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        CpuModel(),
        MemoryMbTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverage(),
        null);

    /// <summary>The 1-minute load average from /proc/loadavg; null where there is none.</summary>
    public static double? LoadAverage()
    {
        var text = ReadOrNull("/proc/loadavg");
        var first = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>True when other work competed for the CPUs (load above half the cores at start or end).</summary>
    public bool WasBusy => (LoadAverageStart ?? 0) > Cores / 2.0 || (LoadAverageEnd ?? 0) > Cores / 2.0;

    private static string? CpuModel() =>
        ReadOrNull("/proc/cpuinfo")?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim();

    private static double? MemoryMbTotal()
    {
        var line = ReadOrNull("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? null : Math.Round(ProcessMemory.ParseKilobytes(line) / 1024.0);
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
