"""Write the BPS fixtures of tests/data/bps/ (test figures in BPS's published shapes; run from this folder)."""
import csv, io, json, random
from pathlib import Path

out = Path(".")
random.seed(2023)
KAB = ["Pacitan", "Ponorogo", "Trenggalek", "Tulungagung", "Blitar", "Kediri", "Malang", "Lumajang", "Jember",
       "Banyuwangi", "Bondowoso", "Situbondo", "Probolinggo", "Pasuruan", "Sidoarjo", "Mojokerto", "Jombang",
       "Nganjuk", "Madiun", "Magetan", "Ngawi", "Bojonegoro", "Tuban", "Lamongan", "Gresik", "Bangkalan", "Sampang",
       "Pamekasan", "Sumenep"]
KOTA = ["Kediri", "Blitar", "Malang", "Probolinggo", "Pasuruan", "Mojokerto", "Madiun", "Surabaya", "Batu"]
YEARS = [2021, 2022, 2023]
regions = [(f"35{i + 1:02d}", name, name) for i, name in enumerate(KAB)] + \
          [(f"35{71 + i}", f"Kota {name}", name) for i, name in enumerate(KOTA)]
values = {}
for code, label, _ in regions:
    base = random.uniform(2.0, 8.5)
    for y in YEARS:
        aug = round(base - 0.3 * (y - 2021) + random.uniform(-0.2, 0.2), 2)
        feb = round(aug + random.uniform(-0.4, 0.4), 2)
        values[code, y] = (feb, aug)
values["3575", 2021] = (6.41, 6.23)   # Kota Pasuruan 2021: the Renja's own figure, 6,23
values["3500", 2021] = (5.17, 5.74)
values["3500", 2022] = (4.81, 5.49)
values["3500", 2023] = (4.33, 4.88)
# February is published for the province only, and for a few regions (test figures); the rest "…"
feb_known = {"3500", "3578", "3515", "3575"}

def idn(x):
    return f"{x:.2f}".replace(".", ",")

# (a) Indonesian download: title rows, two header rows, a year over Februari/Agustus, footnotes
rows = [["Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota di Provinsi Jawa Timur (Persen), 2021-2023"],
        [],
        ["Kabupaten/Kota", "2021", "", "2022", "", "2023", ""],
        ["", "Februari", "Agustus", "Februari", "Agustus", "Februari", "Agustus"]]
for code, label, _ in regions:
    cells = [label]
    for y in YEARS:
        feb, aug = values[code, y]
        cells += [idn(feb) if code in feb_known else "…", idn(aug)]
    rows.append(cells)
next(r for r in rows if r and r[0] == "Kota Pasuruan")[3] = "-"   # Kota Pasuruan: no February 2022 figure, written "-"
cells = ["Jawa Timur"]
for y in YEARS:
    feb, aug = values["3500", y]
    cells += [idn(feb), idn(aug)]
rows.append(cells)
rows += [[], ["Sumber: Survei Angkatan Kerja Nasional (Sakernas) Februari dan Agustus"],
         ["Catatan: … data tidak tersedia; - tidak ada data"],
         ["Mulai Agustus 2021 menggunakan penimbang hasil proyeksi penduduk berdasarkan SP2020"]]
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(rows)
(out / "tpt_kabkota_jatim_2021_2023.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))

# (c) English download: one header row, years in another order, point decimals, "Municipality", notes
rows = [["Open Unemployment Rate by Regency/Municipality in Jawa Timur Province (Percent)"],
        ["August 2021-2023"],
        ["Regency/Municipality", "2023", "2021", "2022"]]
for code, label, name in regions:
    en = f"{name} Municipality" if label.startswith("Kota") else name
    rows.append([en] + [f"{values[code, y][1]:.2f}" for y in (2023, 2021, 2022)])
rows.append(["JAWA TIMUR"] + [f"{values['3500', y][1]:.2f}" for y in (2023, 2021, 2022)])
rows += [["Source: National Labor Force Survey (Sakernas) August"], ["Note: ... data not available"]]
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(rows)
(out / "tpt_kabkota_jatim_en.csv").write_text(buf.getvalue(), encoding="utf-8")

# (d) a WebAPI answer: vervar the regions (province last), turtahun Februari/Agustus
vervar = [{"val": int(code), "label": label} for code, label, _ in regions] + [{"val": 3500, "label": "Jawa Timur"}]
tahun = [{"val": 121, "label": "2021"}, {"val": 122, "label": "2022"}, {"val": 123, "label": "2023"}]
turtahun = [{"val": 188, "label": "Februari"}, {"val": 189, "label": "Agustus"}]
content = {}
for v in vervar:
    code = str(v["val"])
    for t, y in zip(tahun, YEARS):
        feb, aug = values[code, y]
        if code in feb_known:
            content[f"{code}543{0}{t['val']}188"] = feb
        content[f"{code}543{0}{t['val']}189"] = aug
content["35755430122188"] = None   # Kota Pasuruan, Februari 2022: no figure
answer = {"status": "OK", "data-availability": "available",
          "var": [{"val": 543, "label": "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota", "unit": "Persen",
                   "subj": "Tenaga Kerja", "def": "", "decimal": "2", "note": ""}],
          "turvar": [{"val": 0, "label": "Tidak ada"}], "labelvervar": "Kabupaten/Kota", "vervar": vervar,
          "tahun": tahun, "turtahun": turtahun, "datacontent": content, "related": []}
(out / "tpt_kabkota_jatim_api.json").write_text(json.dumps(answer, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
# answers the WebAPI gives when there is nothing to give
(out / "api_not_available.json").write_text(json.dumps({"status": "OK", "data-availability": "list-not-available"})
                                            + "\n", encoding="utf-8")
(out / "api_error.json").write_text(json.dumps({"status": "Error", "message": "Invalid Key"}) + "\n",
                                    encoding="utf-8")
# (e) bad shapes
bad = dict(answer, datacontent=dict(list(content.items())[:3]) | {"35755439121189": 6.23})
(out / "bad_key.json").write_text(json.dumps(bad, indent=1) + "\n", encoding="utf-8")
(out / "bad_no_years.csv").write_text(
    "Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen)\n"
    "Kabupaten/Kota;Februari;Agustus\nPacitan;1,96;1,77\nKota Pasuruan;6,41;6,23\n", encoding="utf-8")
(out / "bad_region_twice.csv").write_text(
    "Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen)\n"
    "Kabupaten/Kota;2021;2022\nPacitan;1,96;1,77\nKOTA PASURUAN;6,23;5,90\nPasuruan (Kota);6,23;5,88\n"
    "Jawa Timur;5,74;5,49\n", encoding="utf-8")
(out / "bad_text_value.csv").write_text(
    "Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen)\n"
    "Kabupaten/Kota;2021;2022\nPacitan;1,96;1,77\nKota Pasuruan;6,23;belum rilis\n", encoding="utf-8")
