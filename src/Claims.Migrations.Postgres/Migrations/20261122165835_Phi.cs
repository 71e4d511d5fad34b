using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Claims.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Phi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "AddressCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "BirthDateCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "FamilyNameCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "GivenNamesCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MrnCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MrnIndex",
                table: "patients",
                type: "character(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameBirthIndex",
                table: "patients",
                type: "character(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "OtherIdentifiersCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "TelecomCipher",
                table: "patients",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MemberIdCipher",
                table: "coverages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemberIdIndex",
                table: "coverages",
                type: "character(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_patients_MrnIndex",
                table: "patients",
                column: "MrnIndex");

            migrationBuilder.CreateIndex(
                name: "IX_patients_NameBirthIndex",
                table: "patients",
                column: "NameBirthIndex");

            migrationBuilder.CreateIndex(
                name: "IX_coverages_MemberIdIndex",
                table: "coverages",
                column: "MemberIdIndex");

            migrationBuilder.CreateIndex(
                name: "IX_patient_keys_KekId",
                table: "patient_keys",
                column: "KekId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_keys");

            migrationBuilder.DropIndex(
                name: "IX_patients_MrnIndex",
                table: "patients");

            migrationBuilder.DropIndex(
                name: "IX_patients_NameBirthIndex",
                table: "patients");

            migrationBuilder.DropIndex(
                name: "IX_coverages_MemberIdIndex",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "AddressCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "BirthDateCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "FamilyNameCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "GivenNamesCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "MrnCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "MrnIndex",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "NameBirthIndex",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "OtherIdentifiersCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "TelecomCipher",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "MemberIdCipher",
                table: "coverages");

            migrationBuilder.DropColumn(
                name: "MemberIdIndex",
                table: "coverages");
        }
    }
}
