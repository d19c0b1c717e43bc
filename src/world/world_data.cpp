// Vocabulary for the world generator: real cities and districts, real chains and brands.
#include "world/world_data.hpp"

namespace hotel::world {

const std::vector<City>& Cities() {
  using S = Script;
  static const std::vector<City> kCities = {
      {"Shanghai", "CN", S::kChinese, "上海", "", 31.2304, 121.4737, "86",
       {{"Hongqiao", "虹桥", -1.5, -9.0}, {"Pudong", "浦东", 0.5, 4.0}, {"Jing'an", "静安", 1.0, -2.0},
        {"The Bund", "外滩", 0.3, 0.8}, {"Xujiahui", "徐家汇", -3.0, -2.5}}},
      {"Beijing", "CN", S::kChinese, "北京", "", 39.9042, 116.4074, "86",
       {{"Wangfujing", "王府井", 0.5, 0.6}, {"Chaoyang", "朝阳", 0.8, 5.0}, {"Haidian", "海淀", 4.0, -6.0},
        {"Dongcheng", "东城", 1.2, 1.5}}},
      {"Guangzhou", "CN", S::kChinese, "广州", "", 23.1291, 113.2644, "86",
       {{"Tianhe", "天河", 1.0, 4.0}, {"Baiyun", "白云", 5.0, 0.5}, {"Yuexiu", "越秀", 0.5, -0.5}}},
      {"Tokyo", "JP", S::kJapanese, "東京", "", 35.6762, 139.6503, "81",
       {{"Shinjuku", "新宿", 0.3, -1.0}, {"Shibuya", "渋谷", -2.0, -0.8}, {"Ginza", "銀座", -0.5, 6.5},
        {"Ueno", "上野", 3.0, 7.0}}},
      {"Osaka", "JP", S::kJapanese, "大阪", "", 34.6937, 135.5023, "81",
       {{"Umeda", "梅田", 1.5, -0.3}, {"Namba", "難波", -2.0, -0.4}, {"Shin-Osaka", "新大阪", 3.5, 0.2}}},
      {"Moscow", "RU", S::kCyrillic, "Москва", "Moskva", 55.7558, 37.6173, "7",
       {{"Tverskaya", "Тверская", 0.8, -0.6}, {"Arbat", "Арбат", -0.3, -1.5}, {"Kremlin", "Кремль", 0.0, 0.0},
        {"Zamoskvorechye", "Замоскворечье", -1.5, 0.3}}},
      {"Saint Petersburg", "RU", S::kCyrillic, "Санкт-Петербург", "Sankt-Peterburg", 59.9311, 30.3609, "7",
       {{"Nevsky Prospect", "Невский проспект", 0.0, 0.5}, {"Vasilyevsky Island", "Васильевский остров", 0.4, -3.0},
        {"Petrogradsky", "Петроградский", 2.0, -1.0}}},
      {"Dubai", "AE", S::kArabic, "دبي", "Dubayy", 25.2048, 55.2708, "971",
       {{"Deira", "ديرة", 2.5, 3.0}, {"Jumeirah", "جميرا", -2.0, -4.0}, {"Downtown", "وسط المدينة", -1.0, -1.5},
        {"Marina", "المارينا", -15.0, -20.0}}},
      {"Cairo", "EG", S::kArabic, "القاهرة", "al-Qahira", 30.0444, 31.2357, "20",
       {{"Zamalek", "الزمالك", 1.5, -1.0}, {"Garden City", "جاردن سيتي", -0.8, -0.3}, {"Heliopolis", "مصر الجديدة", 8.0, 9.0}}},
      {"London", "GB", S::kLatin, "", "", 51.5074, -0.1278, "44",
       {{"Kensington", "", -0.8, -5.0}, {"Covent Garden", "", 0.2, -0.1}, {"Canary Wharf", "", -1.0, 8.0},
        {"Paddington", "", 0.9, -3.5}, {"Westminster", "", -0.7, -0.2}}},
      {"Paris", "FR", S::kLatin, "", "", 48.8566, 2.3522, "33",
       {{"Champs-Élysées", "", 1.0, -3.2}, {"Saint-Germain-des-Prés", "", -0.7, -1.0}, {"Montmartre", "", 3.2, -0.2},
        {"Le Marais", "", 0.2, 1.0}, {"Opéra", "", 1.4, -0.9}}},
      {"Berlin", "DE", S::kLatin, "", "", 52.5200, 13.4050, "49",
       {{"Mitte", "", 0.0, 0.0}, {"Schöneberg", "", -3.5, -2.5}, {"Kreuzberg", "", -2.0, 1.0},
        {"Charlottenburg", "", -0.5, -6.5}}},
      {"München", "DE", S::kLatin, "", "Munich", 48.1351, 11.5820, "49",
       {{"Altstadt", "", 0.0, 0.0}, {"Schwabing", "", 2.8, 0.6}, {"Maxvorstadt", "", 1.3, -0.3}}},
      {"Zürich", "CH", S::kLatin, "", "Zurich", 47.3769, 8.5417, "41",
       {{"Altstadt", "", 0.0, 0.3}, {"Seefeld", "", -1.5, 1.2}, {"Oerlikon", "", 4.5, 0.8}}},
      {"Barcelona", "ES", S::kLatin, "", "", 41.3851, 2.1734, "34",
       {{"Gràcia", "", 1.8, -0.2}, {"Eixample", "", 0.7, -0.5}, {"Barceloneta", "", -1.0, 1.2},
        {"Gòtic", "", -0.3, 0.2}}},
      {"Málaga", "ES", S::kLatin, "", "Malaga", 36.7213, -4.4214, "34",
       {{"Centro Histórico", "", 0.0, 0.0}, {"La Malagueta", "", -0.5, 1.0}, {"Soho", "", -0.4, -0.3}}},
      {"Rome", "IT", S::kLatin, "", "Roma", 41.9028, 12.4964, "39",
       {{"Trastevere", "", -1.2, -1.3}, {"Termini", "", 0.3, 1.4}, {"Navona", "", 0.3, -0.9},
        {"Vatican", "", 0.6, -2.7}}},
      {"Lisbon", "PT", S::kLatin, "", "Lisboa", 38.7223, -9.1393, "351",
       {{"Baixa", "", 0.0, 0.0}, {"Alfama", "", 0.2, 0.6}, {"Belém", "", -1.0, -6.5}}},
      {"Kraków", "PL", S::kLatin, "", "Krakow", 50.0647, 19.9450, "48",
       {{"Stare Miasto", "", 0.0, 0.0}, {"Kazimierz", "", -1.1, 0.4}, {"Podgórze", "", -1.8, 0.3}}},
      {"İstanbul", "TR", S::kLatin, "", "Istanbul", 41.0082, 28.9784, "90",
       {{"Sultanahmet", "", 0.0, 0.0}, {"Beyoğlu", "", 2.2, -0.6}, {"Şişli", "", 5.0, 0.8},
        {"Kadıköy", "", -1.8, 4.0}}},
      {"New York", "US", S::kLatin, "", "", 40.7128, -74.0060, "1",
       {{"Midtown", "", 6.0, 1.5}, {"Times Square", "", 6.5, 1.0}, {"SoHo", "", 1.8, 0.2},
        {"Financial District", "", 0.3, 0.5}, {"Upper East Side", "", 9.5, 3.0}}},
      {"Montréal", "CA", S::kLatin, "", "Montreal", 45.5017, -73.5673, "1",
       {{"Vieux-Montréal", "", -0.5, 0.3}, {"Plateau", "", 1.5, -0.5}, {"Centre-Ville", "", 0.0, -0.8}}},
      {"São Paulo", "BR", S::kLatin, "", "Sao Paulo", -23.5505, -46.6333, "55",
       {{"Jardins", "", -2.0, -1.5}, {"Paulista", "", -1.5, -1.0}, {"Vila Olímpia", "", -6.0, -4.0}}},
      {"Sydney", "AU", S::kLatin, "", "", -33.8688, 151.2093, "61",
       {{"Circular Quay", "", 0.8, 0.0}, {"Darling Harbour", "", 0.0, -0.8}, {"Bondi", "", -1.5, 6.0}}},
      {"Singapore", "SG", S::kLatin, "", "", 1.3521, 103.8198, "65",
       {{"Marina Bay", "", -6.0, 4.0}, {"Orchard", "", -5.0, 0.3}, {"Sentosa", "", -9.5, 0.5}}},
      {"Reykjavík", "IS", S::kLatin, "", "Reykjavik", 64.1466, -21.9426, "354",
       {{"Miðborg", "", 0.0, 0.0}, {"Laugardalur", "", -0.5, 2.5}}},
  };
  return kCities;
}

const std::vector<BrandInfo>& Brands() {
  static const std::vector<BrandInfo> kBrands = {
      {"Hilton", "Hilton", 4, 5, {"希尔顿", "ヒルトン", "Хилтон", "هيلتون"}},
      {"Hilton", "Hilton Garden Inn", 3, 4, {"希尔顿花园", "ヒルトン・ガーデン・イン", "Хилтон Гарден Инн", "هيلتون جاردن ان"}},
      {"Hilton", "DoubleTree by Hilton", 4, 4, {"希尔顿逸林", "", "Дабл Три Хилтон", ""}},
      {"Marriott", "Marriott", 4, 5, {"万豪", "マリオット", "Марриотт", "ماريوت"}},
      {"Marriott", "Courtyard by Marriott", 3, 4, {"万怡", "コートヤード・マリオット", "Кортъярд Марриотт", "كورتيارد ماريوت"}},
      {"Marriott", "Sheraton", 4, 5, {"喜来登", "シェラトン", "Шератон", "شيراتون"}},
      {"Marriott", "The Ritz-Carlton", 5, 5, {"丽思卡尔顿", "リッツ・カールトン", "Ритц-Карлтон", "ريتز كارلتون"}},
      {"Accor", "Novotel", 3, 4, {"诺富特", "ノボテル", "Новотель", "نوفوتيل"}},
      {"Accor", "ibis", 2, 3, {"宜必思", "イビス", "Ибис", "ايبيس"}},
      {"Accor", "Sofitel", 5, 5, {"索菲特", "ソフィテル", "Софитель", "سوفيتيل"}},
      {"Accor", "Mercure", 3, 4, {"美居", "メルキュール", "Меркюр", "ميركيور"}},
      {"IHG", "InterContinental", 5, 5, {"洲际", "インターコンチネンタル", "Интерконтиненталь", "انتركونتيننتال"}},
      {"IHG", "Holiday Inn", 3, 3, {"假日", "ホリデイ・イン", "Холидей Инн", "هوليداي ان"}},
      {"IHG", "Crowne Plaza", 4, 4, {"皇冠假日", "クラウンプラザ", "Кроун Плаза", "كراون بلازا"}},
      {"Hyatt", "Hyatt Regency", 4, 5, {"凯悦", "ハイアット・リージェンシー", "Хаятт Ридженси", "حياة ريجنسي"}},
      {"Hyatt", "Park Hyatt", 5, 5, {"柏悦", "パーク・ハイアット", "Парк Хаятт", "بارك حياة"}},
      {"Kempinski", "Kempinski", 5, 5, {"凯宾斯基", "ケンピンスキー", "Кемпински", "كمبينسكي"}},
      {"Radisson", "Radisson Blu", 4, 4, {"丽笙", "ラディソン・ブル", "Рэдиссон Блу", "راديسون بلو"}},
      {"Best Western", "Best Western Plus", 3, 3, {"", "", "Бест Вестерн Плюс", ""}},
      {"Four Seasons", "Four Seasons", 5, 5, {"四季", "フォーシーズンズ", "Четыре сезона", "فور سيزونز"}},
      {"Melia", "Meliá", 4, 4, {"", "", "", ""}},
      {"Minor", "NH Collection", 4, 4, {"", "", "", ""}},
      {"Wyndham", "Ramada", 3, 3, {"华美达", "ラマダ", "Рамада", "رمادا"}},
  };
  return kBrands;
}

const std::vector<std::string>& IndependentPrefixes() {
  static const std::vector<std::string> k = {"Grand", "Royal", "Park", "Golden", "Imperial", "Boutique",
                                             "Little", "Old Town", "Blue", "Silver", "City", "Majestic",
                                             "Continental", "International", "Saint George", "Atlantic"};
  return k;
}
const std::vector<std::string>& TypeWords() {
  static const std::vector<std::string> k = {"Hotel", "Hotel", "Hotel", "Inn", "Suites", "Residence",
                                             "Apartments", "Hostel", "Lodge", "Palace", "Resort"};
  return k;
}
const std::vector<std::string>& Landmarks() {
  static const std::vector<std::string> k = {"Central", "Riverside", "Station", "Plaza", "Gardens",
                                             "Harbour View", "Cathedral", "Opera", "Airport", "Park View",
                                             "Old Market", "Lakeside", "Museum", "Tower", "Square", "Bridge"};
  return k;
}
const std::vector<std::string>& StreetNames() {
  static const std::vector<std::string> k = {"Main", "Park", "Station", "Market", "Church", "Harbour", "King",
                                             "Queen", "Victoria", "Garden", "River", "Hill", "Lake", "Mill",
                                             "Castle", "Bridge", "Liberty", "Elm", "Oak", "Saint Mark",
                                             "North", "Cedar", "Chestnut", "Union", "Lincoln", "Wellington"};
  return k;
}
const std::vector<std::string>& StreetTypes() {
  static const std::vector<std::string> k = {"Street", "Street", "Road", "Avenue", "Boulevard", "Lane"};
  return k;
}
const std::string& LocalHotelWord(Script script) {
  static const std::array<std::string, 5> k = {"Hotel", "酒店", "ホテル", "Гостиница", "فندق"};
  return k[static_cast<int>(script)];
}

}  // namespace hotel::world
