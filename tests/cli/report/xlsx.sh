# The workbook: a zip with Summary, Data and Method sheets, icons as text,
# conditional formatting, numbers as numbers.
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o pack.html --xlsx pack.xlsx
echo "exit $?"
python3 - <<'PY'
import zipfile, re
z = zipfile.ZipFile('pack.xlsx')
wb = z.read('xl/workbook.xml').decode()
print('sheets', re.findall(r'<sheet name="([^"]+)"', wb))
strings = z.read('xl/sharedStrings.xml').decode()
for s in ['Special cause concern (high)', 'Common cause', 'Consistently failing', 'Hit and miss',
          'No target', 'Above UCL', '7 Points Below CL', 'Median wait (minutes)', 'Method']:
    print(repr(s), s.replace('&', '&amp;') in strings)
s1 = z.read('xl/worksheets/sheet1.xml').decode()
print('conditional formats on Summary', s1.count('<conditionalFormatting'))
print('autofilter', '<autoFilter' in s1)
s2 = z.read('xl/worksheets/sheet2.xml').decode()
print('data rows', s2.count('<row ') - 1)
print('dates as numbers', '<c r="C2" s=' in s2 and '<v>44562</v>' in s2)
PY
