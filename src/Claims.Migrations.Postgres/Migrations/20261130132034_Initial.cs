using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Claims.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: true),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    HeadHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PatientPseudonym = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SourceAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PurposeOfUse = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CorrelationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PreviousHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "clinics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Npi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TaxId = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BillFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    AddressLine = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true),
                    City = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    State = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    PostalCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Job = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PayerId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TimelyFilingDays = table.Column<int>(type: "integer", nullable: false),
                    ClaimFilingIndicator = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "submission_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Scope = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    InterchangeControlNumber = table.Column<int>(type: "integer", nullable: false),
                    GroupControlNumber = table.Column<int>(type: "integer", nullable: false),
                    FirstTransactionSet = table.Column<int>(type: "integer", nullable: false),
                    TransactionSets = table.Column<int>(type: "integer", nullable: false),
                    ClaimCount = table.Column<int>(type: "integer", nullable: false),
                    TotalChargeCents = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SendCount = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FileLength = table.Column<long>(type: "bigint", nullable: false),
                    FileKekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FileWrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    FileCipher = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submission_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LeadId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_members", x => x.PersonId);
                });

            migrationBuilder.CreateTable(
                name: "x12_counters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_x12_counters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "client_contracts",
                columns: table => new
                {
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    CodingTurnaroundHours = table.Column<int>(type: "integer", nullable: false),
                    SubmissionDays = table.Column<int>(type: "integer", nullable: false),
                    RejectionFixHours = table.Column<int>(type: "integer", nullable: false),
                    DenialWorkDays = table.Column<int>(type: "integer", nullable: false),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Opens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Closes = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    WorkDayList = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HolidayList = table.Column<string>(type: "character varying(660)", maxLength: 660, nullable: false),
                    FeeModel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FeePercentBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    FeePerClaimCents = table.Column<long>(type: "bigint", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_client_contracts", x => x.ClinicId);
                    table.ForeignKey(
                        name: "FK_client_contracts_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "clinic_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinic_api_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_clinic_api_keys_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "clinic_assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Skill = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    AssignedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinic_assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_clinic_assignments_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fee_schedule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Charge = table.Column<long>(type: "bigint", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fee_schedule", x => x.Id);
                    table.ForeignKey(
                        name: "FK_fee_schedule_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ingested_bundles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    IdentifierHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    Resources = table.Column<int>(type: "integer", nullable: false),
                    ClaimsCreated = table.Column<int>(type: "integer", nullable: false),
                    ClaimsUpdated = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingested_bundles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ingested_bundles_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "monthly_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PdfName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    WorkbookName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    PdfKekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PdfWrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    PdfCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    WorkbookKekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    WorkbookWrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    WorkbookCipher = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monthly_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_monthly_reports_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "patients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Pseudonym = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    BirthYear = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FamilyNameCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    GivenNamesCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    BirthDateCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    AddressCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    TelecomCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    MrnCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    OtherIdentifiersCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    NameBirthIndex = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: true),
                    MrnIndex = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_patients_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "providers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Npi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Taxonomy = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_providers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_providers_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_snapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    AtRisk = table.Column<int>(type: "integer", nullable: false),
                    Breached = table.Column<int>(type: "integer", nullable: false),
                    StoppedMet = table.Column<int>(type: "integer", nullable: false),
                    StoppedLate = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_snapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sla_snapshots_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "denial_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: true),
                    PayerKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Group = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Carc = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Rarc = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    Category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    NextAction = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Appealable = table.Column<bool>(type: "boolean", nullable: false),
                    AppealWindowDays = table.Column<int>(type: "integer", nullable: true),
                    ScrubberEdit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_denial_rules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_denial_rules_payers_PayerId",
                        column: x => x.PayerId,
                        principalTable: "payers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "received_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    Summary = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    FileKekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FileWrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    FileCipher = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_received_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_received_files_submission_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "submission_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "intake_source_keys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    KeyHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Fingerprint = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    BundleId = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intake_source_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_intake_source_keys_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_intake_source_keys_ingested_bundles_BundleId",
                        column: x => x.BundleId,
                        principalTable: "ingested_bundles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "clinical_history",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceKeyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ServiceFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ServiceTo = table.Column<DateOnly>(type: "date", nullable: false),
                    PlaceOfService = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ItemsJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinical_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_clinical_history_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_clinical_history_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coverages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Relationship = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    End = table.Column<DateOnly>(type: "date", nullable: true),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    MemberIdCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    MemberIdIndex = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: true),
                    SubscriberNameCipher = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coverages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_coverages_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_coverages_payers_PayerId",
                        column: x => x.PayerId,
                        principalTable: "payers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_keys",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    KekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_keys", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_patient_keys_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "posted_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TransactionCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ContentKey = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    ControlNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    TraceNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    PayerIdentifier = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    PaymentCents = table.Column<long>(type: "bigint", nullable: true),
                    ClaimsPosted = table.Column<int>(type: "integer", nullable: false),
                    Exceptions = table.Column<int>(type: "integer", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SourceFileId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_posted_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_posted_documents_received_files_SourceFileId",
                        column: x => x.SourceFileId,
                        principalTable: "received_files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "remittance_file_postings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PostedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Result = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_file_postings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_remittance_file_postings_received_files_FileId",
                        column: x => x.FileId,
                        principalTable: "received_files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ControlNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    CoverageId = table.Column<Guid>(type: "uuid", nullable: true),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: true),
                    BillingProviderNpi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    RenderingProviderNpi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ServiceFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ServiceTo = table.Column<DateOnly>(type: "date", nullable: false),
                    PlaceOfService = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    OriginalClaimId = table.Column<Guid>(type: "uuid", nullable: true),
                    PrimaryPayerId = table.Column<Guid>(type: "uuid", nullable: true),
                    PrimaryCoverageId = table.Column<Guid>(type: "uuid", nullable: true),
                    PrimaryPostingId = table.Column<Guid>(type: "uuid", nullable: true),
                    PayerClaimNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FilingDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    PastFilingLimit = table.Column<bool>(type: "boolean", nullable: false),
                    AssignedTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TotalCharge = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claims_claims_OriginalClaimId",
                        column: x => x.OriginalClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claims_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claims_coverages_CoverageId",
                        column: x => x.CoverageId,
                        principalTable: "coverages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claims_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claims_payers_PayerId",
                        column: x => x.PayerId,
                        principalTable: "payers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "appeals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Group = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Carc = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Rarcs = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PayerClaimNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    ArgumentCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextLevelDeadline = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appeals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_appeals_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claim_clinical_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    System = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Display = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Charge = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_clinical_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claim_clinical_items_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "claim_diagnoses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_diagnoses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claim_diagnoses_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "claim_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    To = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    ActorId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claim_events_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "claim_lines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Modifiers = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Charge = table.Column<long>(type: "bigint", nullable: false),
                    DiagnosisPointers = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    ServiceDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claim_lines_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "claim_payment_postings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatusCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ChargeCents = table.Column<long>(type: "bigint", nullable: false),
                    PaidCents = table.Column<long>(type: "bigint", nullable: false),
                    PatientResponsibilityCents = table.Column<long>(type: "bigint", nullable: true),
                    PayerClaimNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ReversesId = table.Column<Guid>(type: "uuid", nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_payment_postings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claim_payment_postings_claim_payment_postings_ReversesId",
                        column: x => x.ReversesId,
                        principalTable: "claim_payment_postings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claim_payment_postings_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_claim_payment_postings_posted_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "posted_documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "clinic_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    AskedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    QuestionCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    AnsweredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnswerCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinic_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_clinic_questions_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_clinic_questions_clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coding_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    System = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Verdict = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    ActorId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coding_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_coding_decisions_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "denial_assignments",
                columns: table => new
                {
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_denial_assignments", x => x.ClaimId);
                    table.ForeignKey(
                        name: "FK_denial_assignments_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "qa_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    CoderId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WeekOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Detail = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SampledBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SampledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewerCodes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CoderCodes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AccuracyBasisPoints = table.Column<int>(type: "integer", nullable: true),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FeedbackCipher = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qa_samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_qa_samples_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "remittance_exceptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ControlNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SegmentNumber = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChargeCents = table.Column<long>(type: "bigint", nullable: true),
                    PaidCents = table.Column<long>(type: "bigint", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Resolution = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    NoteKekId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    NoteWrappedKey = table.Column<byte[]>(type: "bytea", nullable: true),
                    NoteCipher = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_exceptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_remittance_exceptions_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_remittance_exceptions_posted_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "posted_documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "submission_batch_claims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ControlNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    ChargeCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submission_batch_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_submission_batch_claims_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_submission_batch_claims_submission_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "submission_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "write_off_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Group = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Carc = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_write_off_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_write_off_requests_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "appeal_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AppealId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    LabelCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    ContentCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appeal_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_appeal_attachments_appeals_AppealId",
                        column: x => x.AppealId,
                        principalTable: "appeals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: true),
                    LineNumber = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Group = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Reason = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(15,2)", precision: 15, scale: 2, nullable: true),
                    Reference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClaimPaymentId = table.Column<Guid>(type: "uuid", nullable: true),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: true),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ledger_entries_claim_payment_postings_ClaimPaymentId",
                        column: x => x.ClaimPaymentId,
                        principalTable: "claim_payment_postings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ledger_entries_claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ledger_entries_payers_PayerId",
                        column: x => x.PayerId,
                        principalTable: "payers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ledger_entries_posted_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "posted_documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "x12_counters",
                columns: new[] { "Name", "Value" },
                values: new object[,]
                {
                    { "GS06", 0L },
                    { "ISA13", 0L },
                    { "ST02", 0L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appeal_attachments_AppealId",
                table: "appeal_attachments",
                column: "AppealId");

            migrationBuilder.CreateIndex(
                name: "IX_appeals_ClaimId_Level",
                table: "appeals",
                columns: new[] { "ClaimId", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_appeals_Status_Deadline",
                table: "appeals",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_checkpoints_Sequence",
                table: "audit_checkpoints",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_ActorId_Sequence",
                table: "audit_entries",
                columns: new[] { "ActorId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_EntityType_EntityId",
                table: "audit_entries",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_PatientPseudonym_Sequence",
                table: "audit_entries",
                columns: new[] { "PatientPseudonym", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Time",
                table: "audit_entries",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_claim_clinical_items_ClaimId_Sequence",
                table: "claim_clinical_items",
                columns: new[] { "ClaimId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_claim_diagnoses_ClaimId",
                table: "claim_diagnoses",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_claim_events_ClaimId_Id",
                table: "claim_events",
                columns: new[] { "ClaimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claim_lines_ClaimId",
                table: "claim_lines",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_claim_payment_postings_ClaimId_PostedAt",
                table: "claim_payment_postings",
                columns: new[] { "ClaimId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_claim_payment_postings_DocumentId",
                table: "claim_payment_postings",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_claim_payment_postings_ReversesId",
                table: "claim_payment_postings",
                column: "ReversesId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_AssignedTo_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "AssignedTo", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_ClinicId_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "ClinicId", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_ControlNumber",
                table: "claims",
                column: "ControlNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_claims_CoverageId",
                table: "claims",
                column: "CoverageId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_OriginalClaimId",
                table: "claims",
                column: "OriginalClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_PatientId",
                table: "claims",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_PayerId_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "PayerId", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_LeaseExpiresAt_Id",
                table: "claims",
                columns: new[] { "State", "LeaseExpiresAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_PastFilingLimit_AssignedTo_FilingDeadline_Id",
                table: "claims",
                columns: new[] { "State", "PastFilingLimit", "AssignedTo", "FilingDeadline", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_PastFilingLimit_FilingDeadline_Id",
                table: "claims",
                columns: new[] { "State", "PastFilingLimit", "FilingDeadline", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_ServiceFrom_Id_PayerId_AssignedTo_LeaseExpires~",
                table: "claims",
                columns: new[] { "State", "ServiceFrom", "Id", "PayerId", "AssignedTo", "LeaseExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_clinic_api_keys_ClinicId",
                table: "clinic_api_keys",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_clinic_api_keys_KeyHash",
                table: "clinic_api_keys",
                column: "KeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clinic_assignments_ClinicId",
                table: "clinic_assignments",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_clinic_assignments_PersonId_ClinicId",
                table: "clinic_assignments",
                columns: new[] { "PersonId", "ClinicId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clinic_questions_ClaimId_AskedAt",
                table: "clinic_questions",
                columns: new[] { "ClaimId", "AskedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_clinic_questions_ClinicId_Status_AskedAt",
                table: "clinic_questions",
                columns: new[] { "ClinicId", "Status", "AskedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_clinical_history_ClinicId_SourceKeyHash",
                table: "clinical_history",
                columns: new[] { "ClinicId", "SourceKeyHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clinical_history_PatientId_ServiceFrom",
                table: "clinical_history",
                columns: new[] { "PatientId", "ServiceFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_clinics_Name",
                table: "clinics",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_coding_decisions_ClaimId_Id",
                table: "coding_decisions",
                columns: new[] { "ClaimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_coverages_MemberIdIndex",
                table: "coverages",
                column: "MemberIdIndex");

            migrationBuilder.CreateIndex(
                name: "IX_coverages_PatientId",
                table: "coverages",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_coverages_PayerId",
                table: "coverages",
                column: "PayerId");

            migrationBuilder.CreateIndex(
                name: "IX_denial_rules_PayerId_Group_Carc_Rarc",
                table: "denial_rules",
                columns: new[] { "PayerId", "Group", "Carc", "Rarc" });

            migrationBuilder.CreateIndex(
                name: "IX_fee_schedule_ClinicId_Code_EffectiveFrom",
                table: "fee_schedule",
                columns: new[] { "ClinicId", "Code", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingested_bundles_ClinicId_ContentHash",
                table: "ingested_bundles",
                columns: new[] { "ClinicId", "ContentHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingested_bundles_ClinicId_IdentifierHash",
                table: "ingested_bundles",
                columns: new[] { "ClinicId", "IdentifierHash" });

            migrationBuilder.CreateIndex(
                name: "IX_intake_source_keys_BundleId",
                table: "intake_source_keys",
                column: "BundleId");

            migrationBuilder.CreateIndex(
                name: "IX_intake_source_keys_ClinicId_Kind_KeyHash",
                table: "intake_source_keys",
                columns: new[] { "ClinicId", "Kind", "KeyHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_intake_source_keys_TargetId",
                table: "intake_source_keys",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_Job_DueAt",
                table: "job_runs",
                columns: new[] { "Job", "DueAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_Status_NotBefore",
                table: "job_runs",
                columns: new[] { "Status", "NotBefore" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_ClaimId_Kind",
                table: "ledger_entries",
                columns: new[] { "ClaimId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_ClaimPaymentId",
                table: "ledger_entries",
                column: "ClaimPaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_DocumentId",
                table: "ledger_entries",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_PayerId",
                table: "ledger_entries",
                column: "PayerId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_one_charge_per_line",
                table: "ledger_entries",
                columns: new[] { "ClaimId", "LineNumber" },
                unique: true,
                filter: "\"Kind\" = 'Charge'");

            migrationBuilder.CreateIndex(
                name: "IX_monthly_reports_ClinicId_Month",
                table: "monthly_reports",
                columns: new[] { "ClinicId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_patient_keys_KekId",
                table: "patient_keys",
                column: "KekId");

            migrationBuilder.CreateIndex(
                name: "IX_patients_ClinicId",
                table: "patients",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_patients_MrnIndex",
                table: "patients",
                column: "MrnIndex");

            migrationBuilder.CreateIndex(
                name: "IX_patients_NameBirthIndex",
                table: "patients",
                column: "NameBirthIndex");

            migrationBuilder.CreateIndex(
                name: "IX_patients_Pseudonym",
                table: "patients",
                column: "Pseudonym",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payers_PayerId",
                table: "payers",
                column: "PayerId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_posted_documents_ContentKey",
                table: "posted_documents",
                column: "ContentKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_posted_documents_PostedAt",
                table: "posted_documents",
                column: "PostedAt");

            migrationBuilder.CreateIndex(
                name: "IX_posted_documents_SourceFileId",
                table: "posted_documents",
                column: "SourceFileId");

            migrationBuilder.CreateIndex(
                name: "IX_providers_ClinicId_Npi",
                table: "providers",
                columns: new[] { "ClinicId", "Npi" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qa_samples_ClaimId",
                table: "qa_samples",
                column: "ClaimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qa_samples_CoderId_WeekOf",
                table: "qa_samples",
                columns: new[] { "CoderId", "WeekOf" });

            migrationBuilder.CreateIndex(
                name: "IX_received_files_BatchId",
                table: "received_files",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_received_files_Name",
                table: "received_files",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_remittance_exceptions_ClaimId",
                table: "remittance_exceptions",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_exceptions_CreatedAt",
                table: "remittance_exceptions",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_exceptions_DocumentId",
                table: "remittance_exceptions",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_exceptions_ResolvedAt",
                table: "remittance_exceptions",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_file_postings_FileId",
                table: "remittance_file_postings",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_file_postings_PostedAt",
                table: "remittance_file_postings",
                column: "PostedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sla_snapshots_ClinicId_Day",
                table: "sla_snapshots",
                columns: new[] { "ClinicId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_submission_batch_claims_BatchId",
                table: "submission_batch_claims",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_submission_batch_claims_ClaimId",
                table: "submission_batch_claims",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_submission_batch_claims_ControlNumber",
                table: "submission_batch_claims",
                column: "ControlNumber");

            migrationBuilder.CreateIndex(
                name: "IX_submission_batches_CreatedAt",
                table: "submission_batches",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_submission_batches_GroupControlNumber",
                table: "submission_batches",
                column: "GroupControlNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_submission_batches_InterchangeControlNumber",
                table: "submission_batches",
                column: "InterchangeControlNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_team_members_LeadId",
                table: "team_members",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_write_off_requests_ClaimId",
                table: "write_off_requests",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_write_off_requests_Status_RequestedAt",
                table: "write_off_requests",
                columns: new[] { "Status", "RequestedAt" });

            // The audit trail is append-only in the database too (HIPAA 164.312(b), 164.312(c)(1)): not even the
            // application's role can update, delete or truncate a row; only the tables' owner, by dropping the trigger, could.
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION claims_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION claims_audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION claims_audit_append_only();
");

            // The ledger and what was posted to it are append-only as well: balances are sums over rows nobody may rewrite.
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION claims_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
CREATE TRIGGER claim_payment_postings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON claim_payment_postings
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
CREATE TRIGGER posted_documents_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON posted_documents
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries; DROP TRIGGER IF EXISTS claim_payment_postings_append_only ON claim_payment_postings; DROP TRIGGER IF EXISTS posted_documents_append_only ON posted_documents; DROP FUNCTION IF EXISTS claims_ledger_append_only(); DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries; DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints; DROP FUNCTION IF EXISTS claims_audit_append_only();");
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "appeal_attachments");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "claim_clinical_items");

            migrationBuilder.DropTable(
                name: "claim_diagnoses");

            migrationBuilder.DropTable(
                name: "claim_events");

            migrationBuilder.DropTable(
                name: "claim_lines");

            migrationBuilder.DropTable(
                name: "client_contracts");

            migrationBuilder.DropTable(
                name: "clinic_api_keys");

            migrationBuilder.DropTable(
                name: "clinic_assignments");

            migrationBuilder.DropTable(
                name: "clinic_questions");

            migrationBuilder.DropTable(
                name: "clinical_history");

            migrationBuilder.DropTable(
                name: "coding_decisions");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "denial_assignments");

            migrationBuilder.DropTable(
                name: "denial_rules");

            migrationBuilder.DropTable(
                name: "fee_schedule");

            migrationBuilder.DropTable(
                name: "intake_source_keys");

            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "monthly_reports");

            migrationBuilder.DropTable(
                name: "patient_keys");

            migrationBuilder.DropTable(
                name: "providers");

            migrationBuilder.DropTable(
                name: "qa_samples");

            migrationBuilder.DropTable(
                name: "remittance_exceptions");

            migrationBuilder.DropTable(
                name: "remittance_file_postings");

            migrationBuilder.DropTable(
                name: "sla_snapshots");

            migrationBuilder.DropTable(
                name: "submission_batch_claims");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "write_off_requests");

            migrationBuilder.DropTable(
                name: "x12_counters");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "appeals");

            migrationBuilder.DropTable(
                name: "ingested_bundles");

            migrationBuilder.DropTable(
                name: "claim_payment_postings");

            migrationBuilder.DropTable(
                name: "claims");

            migrationBuilder.DropTable(
                name: "posted_documents");

            migrationBuilder.DropTable(
                name: "coverages");

            migrationBuilder.DropTable(
                name: "received_files");

            migrationBuilder.DropTable(
                name: "patients");

            migrationBuilder.DropTable(
                name: "payers");

            migrationBuilder.DropTable(
                name: "submission_batches");

            migrationBuilder.DropTable(
                name: "clinics");
        }
    }
}
