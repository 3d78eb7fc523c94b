using Microsoft.Extensions.Options;

namespace KccAssistant.Privacy;

/// <summary>
/// Checks <c>Kcc:PersonalData:Allow</c> at start: an entry that can never match (a mistyped IBAN or phone number)
/// would silently block the municipality's own pages, so it fails naming the key.
/// </summary>
public sealed class PersonalDataOptionsValidator : IValidateOptions<PersonalDataOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PersonalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var allow = options.Allow ?? new PersonalDataAllowList();
        for (var i = 0; i < allow.Ibans.Count; i++)
        {
            if (!PersonalDataDetector.IsValidIban(PersonalDataDetector.CompactIban(allow.Ibans[i] ?? "")))
            {
                failures.Add($"{PersonalDataOptions.SectionName}:Allow:Ibans:{i} '{allow.Ibans[i]}' is not a valid IBAN (length or mod-97 check).");
            }
        }

        for (var i = 0; i < allow.EmailDomains.Count; i++)
        {
            var domain = (allow.EmailDomains[i] ?? "").Trim().TrimStart('@');
            if (domain.Length == 0 || !domain.Contains('.', StringComparison.Ordinal) || Uri.CheckHostName(domain) != UriHostNameType.Dns)
            {
                failures.Add($"{PersonalDataOptions.SectionName}:Allow:EmailDomains:{i} '{allow.EmailDomains[i]}' is not a domain name (e.g. 'lindenhaven.nl').");
            }
        }

        for (var i = 0; i < allow.PhoneNumbers.Count; i++)
        {
            if (PersonalDataDetector.NationalPhoneNumber(allow.PhoneNumbers[i] ?? "") is null)
            {
                failures.Add($"{PersonalDataOptions.SectionName}:Allow:PhoneNumbers:{i} '{allow.PhoneNumbers[i]}' is not a Dutch phone number of 10 digits (e.g. '0589 555 000' or '+31 589 555 000').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
