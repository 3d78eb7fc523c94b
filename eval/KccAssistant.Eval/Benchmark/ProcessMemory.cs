using System.Globalization;

namespace KccAssistant.Eval.Benchmark;

/// <summary>Resident memory of a process from /proc/&lt;pid&gt;/status, in MiB.</summary>
/// <param name="RssMb">VmRSS: resident now.</param>
/// <param name="PeakRssMb">VmHWM: the highest resident size so far ("high water mark").</param>
internal readonly record struct ProcessMemory(double RssMb, double PeakRssMb)
{
    /// <summary>Reads the process's status; null when the process is gone or the platform has no /proc.</summary>
    public static ProcessMemory? TryRead(int processId)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{processId}/status"));
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

    /// <summary>Parses the text of /proc/&lt;pid&gt;/status; null when it has no VmRSS (e.g. a zombie).</summary>
    public static ProcessMemory? Parse(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        double? rss = null, peak = null;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKilobytes(line) / 1024.0;
            }
        }

        return rss is null ? null : new ProcessMemory(rss.Value, Math.Max(peak ?? rss.Value, rss.Value));
    }

    /// <summary>The number of a "Name:   123456 kB" line.</summary>
    public static long ParseKilobytes(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var value = line.Split(':', 2)[^1].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes : 0;
    }
}
