using System.Text.Json;
using KccAssistant.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Answerability;

/// <summary>The model in use and where it came from.</summary>
/// <param name="Model">The model.</param>
/// <param name="Source">"configuratie" or the calibration file's path.</param>
/// <param name="Calibration">How the calibration file was made; null for the configured model.</param>
/// <param name="Rejected">
/// Why the calibration file in the data directory was not used (path and reason, in Dutch), so the Bronnen page and
/// /api/status can say so; null when there is no file or it was used.
/// </param>
public sealed record ActiveAnswerabilityModel(AnswerabilityModel Model, string Source, CalibrationInfo? Calibration, string? Rejected = null);

/// <summary>
/// Gives the answerability model: the calibration file in the data directory when there is a valid one, otherwise the
/// configured model. The file is looked at again every few seconds, so a new calibration takes effect without a
/// restart; a broken file is reported in the log and the configured model keeps serving.
/// </summary>
public sealed partial class AnswerabilityModelProvider(
    IOptions<AnswerabilityOptions> options,
    IOptions<KccOptions> kcc,
    ILogger<AnswerabilityModelProvider> logger)
{
    /// <summary>How calibration files are written and read.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // A calibration file is a few hundred bytes; anything much larger is not one, and is not read into memory.
    private const long MaxFileBytes = 1 << 20;

    private readonly Lock _lock = new();
    private volatile ActiveAnswerabilityModel? _current;
    private DateTime? _fileWrittenAt;
    private long _checkedAt = long.MinValue;

    /// <summary>How long a loaded model is used before the file is looked at again.</summary>
    internal TimeSpan RecheckAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The calibration file's path, or null when calibration files are switched off.</summary>
    public string? CalibrationPath =>
        string.IsNullOrWhiteSpace(options.Value.CalibrationFile)
            ? null
            : Path.Combine(KccPaths.Resolve(kcc.Value.DataDir), options.Value.CalibrationFile);

    /// <summary>The model to judge questions with now.</summary>
    public ActiveAnswerabilityModel Current
    {
        get
        {
            var now = Environment.TickCount64;
            if (_current is { } current && now - Interlocked.Read(ref _checkedAt) < RecheckAfter.TotalMilliseconds)
            {
                return current;
            }

            lock (_lock)
            {
                Interlocked.Exchange(ref _checkedAt, now);
                var path = CalibrationPath;
                DateTime? writtenAt = path is not null && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
                if (_current is null || writtenAt != _fileWrittenAt)
                {
                    _fileWrittenAt = writtenAt;
                    _current = Load(path, writtenAt is not null);
                }

                return _current;
            }
        }
    }

    private ActiveAnswerabilityModel Load(string? path, bool exists)
    {
        var configured = new ActiveAnswerabilityModel(options.Value.ToModel(), "configuratie", null);
        if (path is null || !exists)
        {
            return configured;
        }

        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw new InvalidDataException($"het bestand is groter dan {MaxFileBytes / 1024} kB");
            }

            var calibration = JsonSerializer.Deserialize<AnswerabilityCalibration>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException("het bestand is leeg");
            if (calibration.Problem() is { } problem)
            {
                throw new InvalidDataException(problem);
            }

            var model = calibration.ToModel();
            LogCalibrationLoaded(logger, path, model.Threshold);
            return new ActiveAnswerabilityModel(model, path, calibration.Calibration);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or IOException or UnauthorizedAccessException
            or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A file edited by hand or cut off while copying must never stop the answers: the configured model serves.
            var reason = exception is JsonException ? $"geen geldige JSON: {exception.Message}" : exception.Message;
            LogCalibrationInvalid(logger, path, reason);
            return configured with { Rejected = $"{path}: {reason}" };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answerability calibration loaded from {Path} (threshold {Threshold:F3})")]
    private static partial void LogCalibrationLoaded(ILogger logger, string path, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answerability calibration {Path} cannot be used ({Reason}); the configured model is used instead")]
    private static partial void LogCalibrationInvalid(ILogger logger, string path, string reason);
}
