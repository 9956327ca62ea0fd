# The pack's structure: every metric has a chart (<svg class="spc">), two icons,
# a text alternative, an exception note and a data table; no resource is fetched.
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o pack.html --title "Test pack"
echo "exit $?"
echo "charts $(grep -c '<svg class="spc"' pack.html)"
echo "titled charts $(grep -o '<title id="m[0-9]*-[a-z]*-t">XmR chart: ' pack.html | wc -l)"
echo "chart descriptions $(grep -o '<desc id="m[0-9]*-[a-z]*-d">' pack.html | wc -l)"
echo "captions $(grep -c '<figcaption>' pack.html)"
echo "data tables $(grep -c '<details class="data">' pack.html)"
echo "exception notes $(grep -o '<h4>Exception note</h4>' pack.html | wc -l)"
echo "sections $(grep -c '<section class="metric"' pack.html)"
echo "icon symbols $(grep -c '<symbol id="tdm-' pack.html)"
echo "variation icons $(grep -o '<use href="#tdm-v-[a-z_]*"/>' pack.html | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "assurance icons $(grep -o '<use href="#tdm-a-[a-z_]*"/>' pack.html | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "no-data charts $(grep -c 'No observed values' pack.html)"
echo "http refs $(grep -c 'http://' pack.html) https refs $(grep -c 'https://' pack.html)"
echo "src= $(grep -c ' src=' pack.html) link $(grep -c '<link' pack.html) script $(grep -c '<script' pack.html)"
echo "csp $(grep -c "Content-Security-Policy\" content=\"default-src 'none'" pack.html)"
echo "title $(grep -o '<title>[^<]*</title>' pack.html | head -n 1)"
# Summary order: concern with fail first, then concern, fail, hit and miss, the rest.
sed -n '/<table class="summary">/,/<\/table>/p' pack.html |
    grep -o '^<tr class="r[0-9]" data-variation="[a-z_]*" data-assurance="[a-z]*"><th scope="row"><a href="#[^"]*"' |
    sed 's/<tr class="\(r[0-9]\)" data-variation="\([a-z_]*\)" data-assurance="\([a-z]*\)".*href="#\([^"]*\)"/\4 \1 \2 \3/'
echo "escaped: $(grep -c 'Referrals &lt;new &amp; follow-up&gt;' pack.html)"
echo "note: $(grep -c 'recovery plan &quot;A&quot; agreed' pack.html)"
echo "phases: $(grep -c 'Limits recalculated' pack.html)"
