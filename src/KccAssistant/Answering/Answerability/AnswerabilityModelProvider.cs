using System.Text.Json;
using KccAssistant.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Answerability;

/// <summary>The model in use and where it came from.</summary>
/// <param name="Model">The model.</param>
/// <param name="Source">"configuratie" or the calibration file's path.</param>
/// <param name="Calibration">How the calibration file was made; null for the configured model.</param>
/// <param name="Kind">How it was obtained: <see cref="Configured"/>, <see cref="SelfCalibrated"/> or <see cref="Calibrated"/>.</param>
/// <param name="Rejected">
/// Why a calibration file in the data directory was not used (path and reason, in Dutch), so the Bronnen page and
/// /api/status can say so; null when there is no such file or it was used.
/// </param>
public sealed record ActiveAnswerabilityModel(
    AnswerabilityModel Model, string Source, CalibrationInfo? Calibration, string Kind = ActiveAnswerabilityModel.Configured, string? Rejected = null)
{
    /// <summary>The shipped defaults or the <c>Kcc:Answerability</c> configuration.</summary>
    public const string Configured = "configured";

    /// <summary>Fitted by the ingest run on probes from the corpus itself, without hand labels.</summary>
    public const string SelfCalibrated = "self-calibrated";

    /// <summary>Fitted by <c>eval calibrate</c> on a hand-labelled set; wins over the other two.</summary>
    public const string Calibrated = "calibrated";
}

/// <summary>
/// Gives the answerability model: the hand-made calibration file in the data directory when there is a valid one,
/// else the self-calibration an ingest run wrote there, otherwise the configured model. The files are looked at again
/// every few seconds, so a new calibration takes effect without a restart; a broken file is reported in the log and
/// the next model keeps serving.
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
    private (DateTime? Calibrated, DateTime? SelfCalibrated) _filesWrittenAt;
    private long _checkedAt = long.MinValue;

    /// <summary>How long a loaded model is used before the file is looked at again.</summary>
    internal TimeSpan RecheckAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The calibration file's path, or null when calibration files are switched off.</summary>
    public string? CalibrationPath =>
        string.IsNullOrWhiteSpace(options.Value.CalibrationFile)
            ? null
            : Path.Combine(KccPaths.Resolve(kcc.Value.DataDir), options.Value.CalibrationFile);

    /// <summary>The self-calibration file's path, or null when self-calibration is switched off.</summary>
    public string? SelfCalibrationPath =>
        string.IsNullOrWhiteSpace(options.Value.SelfCalibrationFile)
            ? null
            : Path.Combine(KccPaths.Resolve(kcc.Value.DataDir), options.Value.SelfCalibrationFile);

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
                var selfPath = SelfCalibrationPath;
                var writtenAt = (WrittenAt(path), WrittenAt(selfPath));
                if (_current is null || writtenAt != _filesWrittenAt)
                {
                    _filesWrittenAt = writtenAt;
                    var configured = new ActiveAnswerabilityModel(options.Value.ToModel(), "configuratie", null);
                    string? selfRejected = null;
                    var model = Load(path, ActiveAnswerabilityModel.Calibrated, out var rejected)
                        ?? Load(selfPath, ActiveAnswerabilityModel.SelfCalibrated, out selfRejected)
                        ?? configured;
                    _current = model with { Rejected = rejected ?? selfRejected };
                }

                return _current;
            }
        }
    }

    private static DateTime? WrittenAt(string? path) => path is not null && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;

    /// <summary>
    /// The model in <paramref name="path"/>, or null when there is no usable one (the next source is tried); a file that
    /// exists but cannot be used gives the reason in <paramref name="rejected"/>.
    /// </summary>
    private ActiveAnswerabilityModel? Load(string? path, string kind, out string? rejected)
    {
        rejected = null;
        if (path is null || !File.Exists(path))
        {
            return null;
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
            return new ActiveAnswerabilityModel(model, path, calibration.Calibration, kind);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or IOException or UnauthorizedAccessException
            or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A file edited by hand or cut off while copying must never stop the answers: the next model serves.
            var reason = exception is JsonException ? $"geen geldige JSON: {exception.Message}" : exception.Message;
            LogCalibrationInvalid(logger, path, reason);
            rejected = $"{path}: {reason}";
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answerability calibration loaded from {Path} (threshold {Threshold:F3})")]
    private static partial void LogCalibrationLoaded(ILogger logger, string path, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answerability calibration {Path} cannot be used ({Reason}); the next model (self-calibrated or configured) is used instead")]
    private static partial void LogCalibrationInvalid(ILogger logger, string path, string reason);
}
