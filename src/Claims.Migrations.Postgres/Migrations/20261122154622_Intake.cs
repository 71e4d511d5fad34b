using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Claims.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "clinic_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClinicId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_claim_clinical_items_ClaimId_Sequence",
                table: "claim_clinical_items",
                columns: new[] { "ClaimId", "Sequence" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claim_clinical_items");

            migrationBuilder.DropTable(
                name: "clinic_api_keys");

            migrationBuilder.DropTable(
                name: "intake_source_keys");

            migrationBuilder.DropTable(
                name: "ingested_bundles");
        }
    }
}
